"""The kinds of English content that can be translated, registered by the apps that own
them (in their AppConfig.ready()), so this app imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    # Shown translated only if every non-empty field is (no half-translated answer box).
    whole: bool
    # Whether a translation needs a second translator of the language to approve it.
    four_eyes: Callable[[], bool]

    def texts(self, obj: models.Model) -> dict[str, str]:
        """The object's English, field by field (empty fields have nothing to translate)."""
        found = {name: getattr(obj, name) or "" for name in self.fields}
        return {name: text for name, text in found.items() if text.strip()}


KINDS: dict[str, Kind] = {}


def register(
    *,
    kind: str,
    model: type[models.Model],
    fields: tuple[str, ...],
    whole: bool = False,
    four_eyes: Callable[[], bool] = lambda: False,
) -> None:
    KINDS[kind] = Kind(kind, model, tuple(fields), whole, four_eyes)


def get(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise LookupError(f"No translatable kind {kind!r} is registered.") from None
