"""The signal task: which kinds of signal a clause carries, with status and owner."""
