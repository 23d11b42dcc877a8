"""Hearing that someone is going through a hard time now, learned from labeled sentences."""
