"""Foundations every layer imports: errors, settings, the database, tables, domain values, migrations."""
