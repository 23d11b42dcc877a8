"""Asks: who in the user's network could help with the user's own needs, asked well.

One module per concept: ``needs`` (the user's open needs, typed in or heard), ``people`` (what
the notes, the catalog and the ledger say about each person), ``guards`` (who not to ask, and
why), ``ranking`` (fit, relationship and reciprocity), ``drafts`` (the ask in the user's
voice) and ``record`` (asks made, and how they went).
"""
