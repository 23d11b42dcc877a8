"""The HTTP service: a FastAPI app (:func:`giveback.service.api.app.create_app`)."""
