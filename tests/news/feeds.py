"""Feed documents for tests, made here rather than fetched."""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime


def rss(items: list[dict], title: str = "Test outlet") -> bytes:
    now = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)
    body = []
    for n, item in enumerate(items):
        guid = f"<guid>{item['guid']}</guid>" if item.get("guid") else ""
        link = f"<link>{item['link']}</link>" if item.get("link") else ""
        date = format_datetime(now - timedelta(minutes=n))
        body.append(
            f"<item><title>{item.get('title', f'Item {n}')}</title>{link}{guid}"
            f"<description>{item.get('summary', 'A summary.')}</description>"
            f"<pubDate>{date}</pubDate></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>{title}</title><link>https://example.org/</link><description>d</description>"
        + "".join(body)
        + "</channel></rss>"
    ).encode()


def nato_items(count: int, host: str = "news.example.org") -> list[dict]:
    return [
        {
            "title": f"NATO and Russia story {n}",
            "link": f"https://{host}/story-{n}",
            "guid": f"{host}-{n}",
            "summary": "Drones crossed into NATO airspace.",
        }
        for n in range(count)
    ]
