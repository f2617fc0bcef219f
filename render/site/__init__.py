"""The public registry site: every official account, searchable, with nothing personal on it."""
