"""Reads the home page asks of the explainers app (filled in by the explainers issue)."""


def home_explainers(limit: int = 6) -> list:
    return []
