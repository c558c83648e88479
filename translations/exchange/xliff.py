"""XLIFF 1.2, written and read with the standard library's ElementTree.

A file declaring a DOCTYPE or entities is refused unread (entity expansion is how an
XML file exhausts memory or reads files it should not): the raw bytes are checked
first, and the parser refuses a DOCTYPE again should one get past that check.
"""

from __future__ import annotations

import re
from xml.etree import ElementTree as ET

from translations.exchange import SOURCE_LANGUAGE, ExchangeError, Unit, decode

NS = "urn:oasis:names:tc:xliff:document:1.2"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
CONTENT_TYPE = "application/x-xliff+xml; charset=utf-8"
DECLARATION = re.compile(rb"<!\s*(?:DOCTYPE|ENTITY)", re.IGNORECASE)
# Target states that say the text is finished; `new` and every `needs-*` are not.
FINISHED = {"translated", "final", "signed-off"}

ET.register_namespace("", NS)


def _tag(name: str) -> str:
    return f"{{{NS}}}{name}"


def write(units: list[Unit], *, language: str) -> bytes:
    root = ET.Element(_tag("xliff"), {"version": "1.2"})
    attributes = {
        "original": "warstatus",
        "source-language": SOURCE_LANGUAGE,
        "target-language": language,
        "datatype": "plaintext",
    }
    body = ET.SubElement(ET.SubElement(root, _tag("file"), attributes), _tag("body"))
    for unit in units:
        element = ET.SubElement(body, _tag("trans-unit"), {"id": unit.id, XML_SPACE: "preserve"})
        ET.SubElement(element, _tag("source"), {XML_LANG: SOURCE_LANGUAGE}).text = unit.english
        if not unit.translation:
            state = "needs-translation"
        else:
            state = "translated" if unit.ready else "needs-review-translation"
        target = ET.SubElement(element, _tag("target"), {XML_LANG: language, "state": state})
        target.text = unit.translation
        if unit.previous_english:
            alt = ET.SubElement(element, _tag("alt-trans"), {"alttranstype": "previous-version"})
            ET.SubElement(
                alt, _tag("source"), {XML_LANG: SOURCE_LANGUAGE}
            ).text = unit.previous_english
            ET.SubElement(alt, _tag("target"), {XML_LANG: language}).text = unit.translation
        if unit.note:
            ET.SubElement(element, _tag("note")).text = unit.note
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class _Refusing(ET.TreeBuilder):
    def doctype(self, name, pubid, system) -> None:
        raise ExchangeError(_NO_DOCTYPE)


_NO_DOCTYPE = (
    "An XLIFF file with a DOCTYPE or entity declarations is refused unread: export the "
    "file again, or remove the declaration."
)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def read(data: bytes, *, language: str) -> list[Unit]:
    decode(data, what="XLIFF")
    if DECLARATION.search(data):
        raise ExchangeError(_NO_DOCTYPE)
    try:
        parser = ET.XMLParser(target=_Refusing())  # noqa: S314 (no DTD: refused above)
        root = ET.fromstring(data, parser=parser)  # noqa: S314
    except ET.ParseError as error:
        raise ExchangeError(f"This XLIFF file can't be read: {error}") from None
    if _local(root.tag) != "xliff":
        raise ExchangeError("This is not an XLIFF file (its root is not <xliff>).")
    units = []
    for file in (child for child in root if _local(child.tag) == "file"):
        named = file.get("target-language", "")
        if named != language:
            raise ExchangeError(
                f"This XLIFF file is for the language {named or '(none)'!r}, not "
                f"{language!r}: nothing was imported."
            )
        for element in file.iter():
            if _local(element.tag) != "trans-unit":
                continue
            parts = {_local(child.tag): child for child in element}
            source, target = parts.get("source"), parts.get("target")
            state = target.get("state") if target is not None else "new"
            units.append(
                Unit(
                    id=element.get("id", ""),
                    english="".join(source.itertext()) if source is not None else "",
                    translation="".join(target.itertext()) if target is not None else "",
                    ready=state is None or state in FINISHED,
                )
            )
    return units
