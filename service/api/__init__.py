"""The HTTP service: a FastAPI app (:func:`giveback.service.app.create_app`)."""
