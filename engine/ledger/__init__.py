"""The reciprocity ledger: favors both ways, thanks, introduction trails, cadences, daily acts."""
