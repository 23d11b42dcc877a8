"""Suggestions: the pure ranker, reasons and drafts, feedback, and the suggester on the store."""
