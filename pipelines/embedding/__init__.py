"""Sentence embeddings: a narrow encode over sentence-transformers, with packed passes."""
