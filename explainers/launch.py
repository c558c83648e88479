"""Launch content for this app, written from the seeds (filled in by its issue)."""


def load() -> list[str]:
    return []
