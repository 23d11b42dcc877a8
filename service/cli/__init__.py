"""The giveback command line: one module per command group."""
