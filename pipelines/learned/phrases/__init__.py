"""The phrase model: which words of a clause name what was said."""
