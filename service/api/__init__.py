"""The HTTP service: a FastAPI app (:func:`service.api.app.create_app`)."""
