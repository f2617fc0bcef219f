"""The engine: loading, running and the pool, the article matrix, dates and people helpers.

Rules (``checks/``) import only :mod:`nmr.engine.api`; everything else here is the engine's own.
"""
