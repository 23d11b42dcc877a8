"""Accounts: users, API tokens, digest preferences and each user's own store."""
