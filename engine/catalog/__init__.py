"""The catalog of gives: its store, imports, the search index, retrieval and the embedding cache."""
