"""The kinds of English content that can be translated, registered by the apps that own
them (in their AppConfig.ready()), so this app imports none of them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.db import models

from translations.text import is_section_key


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    fields: tuple[str, ...]
    # Shown translated only if every non-empty field is (no half-translated answer box).
    whole: bool
    # Whether a translation needs a second translator of the language to approve it.
    four_eyes: Callable[[], bool]
    # The rows readers are shown now (the verdict in force, published explainers): what
    # the translators' queue and the public lag page list. None: the model's published()
    # rows if its manager has that, else every row.
    readers_see: Callable[[], models.QuerySet] | None = None
    # Texts beyond the plain fields, e.g. an explainer's body sections keyed by the
    # fingerprint of their English (`translations.text.section_key`).
    extra_texts: Callable[[models.Model], dict[str, str]] | None = None
    # Fields written in Markdown (sections always are): their translation is rendered to
    # HTML once, by the one sanitiser, when it is approved.
    markdown: tuple[str, ...] = ()

    def in_use(self) -> models.QuerySet:
        """The rows whose translations readers may be waiting for (never a draft: the
        public lag page names them)."""
        if self.readers_see is not None:
            rows = self.readers_see()
        else:
            manager = self.model._default_manager
            rows = manager.published() if hasattr(manager, "published") else manager.all()
        return rows.values("pk")

    def texts(self, obj: models.Model) -> dict[str, str]:
        """The object's English, field by field (empty fields have nothing to translate)."""
        found = {name: getattr(obj, name) or "" for name in self.fields}
        if self.extra_texts is not None:
            found |= self.extra_texts(obj)
        return {name: text for name, text in found.items() if text.strip()}

    def is_markdown(self, key: str) -> bool:
        return key in self.markdown or is_section_key(key)


KINDS: dict[str, Kind] = {}


def register(
    *,
    kind: str,
    model: type[models.Model],
    fields: tuple[str, ...],
    whole: bool = False,
    four_eyes: Callable[[], bool] = lambda: False,
    readers_see: Callable[[], models.QuerySet] | None = None,
    extra_texts: Callable[[models.Model], dict[str, str]] | None = None,
    markdown: tuple[str, ...] = (),
) -> None:
    KINDS[kind] = Kind(
        kind,
        model,
        tuple(fields),
        whole,
        four_eyes,
        readers_see=readers_see,
        extra_texts=extra_texts,
        markdown=tuple(markdown),
    )


def get(kind: str) -> Kind:
    try:
        return KINDS[kind]
    except KeyError:
        raise LookupError(f"No translatable kind {kind!r} is registered.") from None
