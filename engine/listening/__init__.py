"""Listening: notes stored, then heard, and their signals kept and closed."""
