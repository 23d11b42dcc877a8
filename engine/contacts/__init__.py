"""Contacts: the people in the user's network, found by name or alias, and their relationships."""
