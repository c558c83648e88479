"""The record as open data: one incident as JSON, CSV rows safe to open in a spreadsheet,
and conditional GET for the outputs the page cache cannot hold.

The JSON shape is described by `incidents/schema/incidents.schema.json`; a test
validates the API's output against it.
"""

from __future__ import annotations

import csv
import functools
import hashlib
import io
import operator
from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import parse_etags

from core.cache_version import content_version
from core.release import release_id
from incidents.csv_cells import (
    CSV_COLUMNS,
    FORMULA_START,
    NUMBER_COLUMNS,
    page_url_parts,
    spreadsheet_safe,
)
from incidents.csv_copy import copied_csv_batches
from incidents.models import (
    Attribution,
    Category,
    Confidence,
    Incident,
    Response,
    Source,
    Target,
    attributed_to_words,
    public_link_url,
)
from incidents.selectors import (
    CsvBatch,
    csv_ranges,
    csv_tags,
    csv_timestamp,
    published_csv_batches,
)

LICENCE = (
    f"The incidents record of {settings.SITE_NAME} ({settings.SITE_URL}/incidents/) is "
    "published under the Creative Commons Attribution 4.0 licence "
    "(https://creativecommons.org/licenses/by/4.0/): reuse it, naming us as the source. "
    "The sources it cites belong to their publishers."
)


def _iso(value: date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).isoformat()
    return value.isoformat()


def _number(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


def attribution_payload(attribution: Attribution) -> dict[str, Any]:
    return {
        "id": attribution.pk,
        "by_kind": attribution.by_kind,
        "by": attribution.by_name,
        "to_state": attribution.to_state or None,
        "to": attribution.to_words or None,
        "to_detail": attribution.to_actor or None,
        "confidence": attribution.confidence,
        "confidence_label": attribution.get_confidence_display(),
        "stated_on": _iso(attribution.stated_on),
        "where": attribution.source_note or None,
        "recorded_at": _iso(attribution.recorded_at),
    }


def source_payload(source: Source) -> dict[str, Any]:
    return {
        "id": source.pk,
        "publisher": source.publisher or None,
        "title": source.title,
        "published_on": _iso(source.published_on),
        "url": source.public_url or None,
    }


def incident_payload(incident: Incident) -> dict[str, Any]:
    """Every published field of one incident (its related rows prefetched)."""
    attributions = list(incident.attributions.all())  # newest first
    has_coordinates = incident.latitude is not None and incident.longitude is not None
    return {
        "id": incident.pk,
        "url": f"{settings.SITE_URL}{incident.get_absolute_url()}",
        "title": incident.title,
        "account": incident.account,
        "started_on": _iso(incident.started_on),
        "ended_on": _iso(incident.ended_on),
        "date_precision": incident.precision,
        "countries": [
            {"code": c.code, "name": c.name, "nato_member_at_the_time": c.nato_member}
            for c in incident.countries.all()
        ],
        "place": incident.place or None,
        "coordinates": {
            "latitude": _number(incident.latitude),
            "longitude": _number(incident.longitude),
        }
        if has_coordinates
        else None,
        "category": incident.category,
        "category_label": incident.get_category_display(),
        "target": incident.target or None,
        "responses": list(incident.responses),
        "killed": incident.killed,
        "injured": incident.injured,
        "damage": incident.damage or None,
        "attribution": attribution_payload(attributions[0]) if attributions else None,
        "attributions": [attribution_payload(a) for a in attributions],
        "sources": [source_payload(s) for s in incident.sources.all()],
        "corrections": [
            {
                "id": c.pk,
                "made_at": _iso(c.made_at),
                "note": c.note,
                "fields": list(c.changed_fields),
            }
            for c in incident.corrections.all()
        ],
        "published_at": _iso(incident.published_at),
        "updated_at": _iso(incident.updated_at),
    }


# --- CSV -------------------------------------------------------------------------------

_WORD_CELLS = [i for i, name in enumerate(CSV_COLUMNS) if name not in NUMBER_COLUMNS]
# A quick look at a cell's first character, so only a cell that may start a formula is
# handed to spreadsheet_safe (the rule itself): most cells are passed over in one test.
_FORMULA_FIRST = frozenset(start[0] for start in FORMULA_START)
# Timestamps in UTC to the microsecond, always written out (a fixed width, as PostgreSQL
# writes them in csv_copy).
_MICROSECONDS = {"timespec": "microseconds"}


def csv_rows(batch: CsvBatch) -> list[list[Any]]:
    """A batch's CSV rows, each cell as csv.writer writes it: words neutralised, numbers
    as they are, None empty."""
    url_before, url_after = page_url_parts()
    categories = dict(Category.choices)
    targets = dict(Target.choices)
    responses = dict(Response.choices)
    confidences = dict(Confidence.choices)
    unattributed = Confidence.UNATTRIBUTED.label
    no_countries: list[tuple[str, bool]] = []
    no_sources: list[tuple[Any, ...]] = []
    word_cells = operator.itemgetter(*_WORD_CELLS)
    response_words: dict[str, str] = {}  # few distinct lists of responses: each once
    rows = []
    for (
        pk,
        title,
        account,
        started_on,
        ended_on,
        precision,
        place,
        latitude,
        longitude,
        category,
        target,
        tags,
        killed,
        injured,
        damage,
        published_at,
        updated_at,
    ) in batch.incidents:
        countries = batch.countries.get(pk, no_countries)
        words_of_responses = response_words.get(tags)
        if words_of_responses is None:
            words = "; ".join(responses.get(tag, tag) for tag in csv_tags(tags))
            words_of_responses = response_words[tags] = words
        current = batch.attributions.get(pk)
        if current is None:
            attribution = [unattributed, "", "", ""]
        else:
            confidence, by_name, to_state, to_actor, stated_on = current
            attribution = [
                confidences.get(confidence, confidence),
                by_name,
                attributed_to_words(to_state, to_actor),
                stated_on.isoformat(),
            ]
        sources = "\n".join(
            # Its publisher, title, date and address, each only if there is one.
            " — ".join(
                filter(
                    None,
                    (
                        publisher,
                        source_title,
                        published_on.isoformat() if published_on else "",
                        public_link_url(link_state, link_url),
                    ),
                )
            )
            for publisher, source_title, published_on, link_state, link_url in batch.sources.get(
                pk, no_sources
            )
        )
        row = [
            pk,
            f"{url_before}{pk}{url_after}",
            title,
            account,
            started_on.isoformat(),
            ended_on.isoformat() if ended_on else "",
            precision,
            " ".join(code for code, _ in countries),
            " ".join(code for code, nato in countries if nato),
            place,
            latitude,
            longitude,
            categories.get(category, category),
            targets.get(target, target) if target else "",
            words_of_responses,
            killed,
            injured,
            damage,
            *attribution,
            batch.attribution_counts.get(pk, 0),
            sources,
            batch.corrections.get(pk, 0),
            csv_timestamp(published_at).isoformat(**_MICROSECONDS) if published_at else "",
            csv_timestamp(updated_at).isoformat(**_MICROSECONDS),
        ]
        # The first characters of all its words at once; the cells one by one only when
        # one of them could start a formula.
        if not _FORMULA_FIRST.isdisjoint([cell[:1] for cell in word_cells(row)]):
            for i in _WORD_CELLS:
                row[i] = spreadsheet_safe(row[i])
        rows.append(row)
    return rows


def csv_chunks(size: int = 2000) -> Iterator[str | bytes]:
    """The CSV to stream: the byte-order mark (so spreadsheet programs read the file as
    UTF-8), the header, then one chunk per batch of `size` incidents. PostgreSQL writes
    the rows itself; other databases (SQLite in development) through `written_csv_rows`."""
    yield "\ufeff"
    if connection.vendor == "postgresql":
        yield ",".join(CSV_COLUMNS) + "\n"
        yield from copied_csv_batches(csv_ranges(size))
    else:
        yield from written_csv_rows(published_csv_batches(size))


def written_csv_rows(batches: Iterable[CsvBatch]) -> Iterator[str]:
    """The header and the rows, written by one csv.writer into one reused buffer."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    yield buffer.getvalue()
    for batch in batches:
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(csv_rows(batch))
        yield buffer.getvalue()


# --- Conditional GET ------------------------------------------------------------------

PUBLIC = {"public": True, "max_age": 0, "s_maxage": 30, "stale_while_revalidate": 30}


def _etag(request: HttpRequest) -> str | None:
    try:
        version = content_version()
    except Exception:  # noqa: BLE001  cache down: answer in full, without a validator
        return None
    key = f"{release_id()}:{version}:{request.get_full_path()}"
    return '"' + hashlib.sha256(key.encode()).hexdigest()[:32] + '"'


def conditional_on_content(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ETag and 304 for public outputs the page cache cannot hold (a list whose filters
    the cache does not key on, a streamed file). The tag is the site's content version,
    which every public change bumps, so a 304 is never stale and costs no query."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        # Anyone with a session may be staff: answered, never stored. (The cookie, not
        # request.user, so anonymous answers carry no "Vary: Cookie".)
        if request.method not in {"GET", "HEAD"} or settings.SESSION_COOKIE_NAME in request.COOKIES:
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_store=True)
            return response
        etag = _etag(request)
        if etag is not None and etag in parse_etags(request.headers.get("If-None-Match", "")):
            response = HttpResponseNotModified()
            response["ETag"] = etag
            patch_cache_control(response, **PUBLIC)
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200:
            if etag is not None:
                response["ETag"] = etag
            patch_cache_control(response, **PUBLIC)
        return response

    return wrapper
