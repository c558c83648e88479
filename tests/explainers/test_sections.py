"""An explainer's body cut into sections: at its `## ` headings only, never inside code,
and whole when the Markdown and its HTML would disagree (hostile or unusual Markdown)."""

from __future__ import annotations

from datetime import UTC, datetime

from core.sanitize import render_markdown
from explainers.sections import body_sections, split_markdown
from translations.anchors import keep_anchors

THEN = datetime(2026, 1, 1, tzinfo=UTC)
NOW = datetime(2026, 12, 7, tzinfo=UTC)


def _sections(body: str, previous: list | None = None, now=THEN) -> list[dict]:
    return body_sections(body, render_markdown(body), previous=previous or [], now=now)


def test_a_heading_inside_a_code_block_does_not_start_a_section():
    body = "Intro.\n\n## One\n\n    ## not a heading\n\n## Two\n\nText."
    assert [s.splitlines()[0] for s in split_markdown(body)] == ["Intro.", "## One", "## Two"]
    sections = _sections(body)
    assert len(sections) == 3 and "<h2" not in sections[0]["html"]
    assert "## not a heading" in sections[1]["html"]


def test_headings_written_another_way_leave_the_body_one_section():
    # A setext heading and raw HTML make h2s the `## ` split can't see: no guessing.
    for body in ("## One\n\nText.\n\nTwo\n---\n\nMore.", "## One\n\n<h2>Raw</h2>\n\nText."):
        sections = _sections(body)
        assert len(sections) == 1 and sections[0]["source"] == body


def test_an_unchanged_section_keeps_its_since_wherever_it_moved():
    first = _sections("## A\n\nOne.\n\n## B\n\nTwo.")
    later = _sections("## B\n\nTwo.\n\n## A\n\nOne, changed.", previous=first, now=NOW)
    assert later[0]["source"] == "## B\n\nTwo." and later[0]["since"] == THEN.isoformat()
    assert later[1]["since"] == NOW.isoformat()


def test_a_translation_takes_the_english_anchors_and_no_other_ids():
    english = render_markdown("## What it says\n\n### Detail\n\nText.")
    hostile = render_markdown(
        '## Co mówi\n\n### Szczegół\n\n### Więcej\n\n<h2 id="main">x</h2>\n\nTekst.'
    )
    kept = keep_anchors(hostile, english)
    assert '<h2 id="sec-what-it-says">Co mówi</h2>' in kept
    assert '<h3 id="sec-detail">Szczegół</h3>' in kept
    assert '<h3 id="sec-detail-1">Więcej</h3>' in kept  # more headings than the English
    assert 'id="main"' not in kept and "sec-co-mowi" not in kept
