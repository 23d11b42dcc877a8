"""API schemas, separated by role: what a client sends (create, update) and what it reads (public),
one module per resource.

Field limits here are the first line of validation at the HTTP edge; the engine checks again.
Examples are real shapes from the sample network, shown in the OpenAPI docs.
"""
