"""Atom feeds (RFC 4287), written the same way for every feed of the site:
the meetings (hooks/seo.py), each organisation and each priority
(hooks/organisation_pages.py). Not a hook: those hooks import it.

Dates are the meetings' own, from their metadata, at 00:00:00Z: no clock time.
An entry's id is its URL (stable: anchors and paths do not change).
"""
from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


class Entry(NamedTuple):
    id: str
    title: str
    url: str
    updated: dt.date
    summary: str = ""
    published: dt.date | None = None


def stamp(day: dt.date) -> str:
    return f"{day.isoformat()}T00:00:00Z"


def write(path: Path, *, lang: str, title: str, self_url: str, page_url: str, author: str,
          updated: dt.date, entries: list[Entry]) -> None:
    """Write one feed; entries in the order given (newest first)."""
    ET.register_namespace("", ATOM)
    a = lambda tag: f"{{{ATOM}}}{tag}"   # noqa: E731
    feed = ET.Element(a("feed"), {XML_LANG: lang})
    ET.SubElement(feed, a("title")).text = title
    ET.SubElement(feed, a("id")).text = self_url
    ET.SubElement(feed, a("link"), rel="self", type="application/atom+xml", href=self_url)
    ET.SubElement(feed, a("link"), rel="alternate", type="text/html", href=page_url)
    ET.SubElement(feed, a("updated")).text = stamp(updated)
    ET.SubElement(ET.SubElement(feed, a("author")), a("name")).text = author
    seen: set[str] = set()
    for e in entries:
        if e.id in seen:   # an id is unique in a feed
            continue
        seen.add(e.id)
        entry = ET.SubElement(feed, a("entry"))
        ET.SubElement(entry, a("title")).text = e.title
        ET.SubElement(entry, a("id")).text = e.id
        ET.SubElement(entry, a("link"), rel="alternate", type="text/html", href=e.url)
        if e.published:
            ET.SubElement(entry, a("published")).text = stamp(e.published)
        ET.SubElement(entry, a("updated")).text = stamp(e.updated)
        if e.summary:
            ET.SubElement(entry, a("summary")).text = e.summary
    ET.indent(feed)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))
