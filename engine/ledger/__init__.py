"""The reciprocity ledger: favors both ways, thank-yous, introduction trails, cadences, the daily act."""
