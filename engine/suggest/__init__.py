"""Suggestions: the pure ranker, reasons and drafts, feedback, and the suggester built on the store."""
