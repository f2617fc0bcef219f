"""Shape of the registry: the finding type, the YAML loader and the record models.

Everything else (checks/, render/, nmr/) imports from here; nothing here imports them.
"""
