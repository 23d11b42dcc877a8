"""The trained models: the learned listener's artifacts, training configs and model cards.

Code that trains and loads them lives in :mod:`giveback.pipelines`; this folder holds what
training produced, versioned, so that a reader looking for "the model" finds it here.
"""
