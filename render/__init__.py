"""Outputs: finding reports, the rules matrix, filing forms, the public site, the ledger."""
