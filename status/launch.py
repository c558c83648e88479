"""Launch content for the status app (filled in by the status issue)."""


def load() -> list[str]:
    return []
