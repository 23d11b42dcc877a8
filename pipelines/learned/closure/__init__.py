"""The closure task: whether a clause of a new note closes an earlier signal, and how."""
