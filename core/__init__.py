"""Foundations every layer imports: errors, settings, database, tables, values, migrations."""
