"""Quality measured on labeled data: the listener and the ranker beside baselines."""
