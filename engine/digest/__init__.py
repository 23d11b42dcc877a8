"""The weekly digest: what goes in it, when it is due, and the log of what was sent."""
