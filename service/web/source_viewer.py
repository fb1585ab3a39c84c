"""The source viewer: a published source document with some of its lines highlighted.

    /source/cd1d8d8584518336                 the whole document, numbered
    /source/cd1d8d8584518336/lines/375-378   lines 375–378 highlighted, with context

Only documents listed in the current release's release.json are served, and only when
the file still has the sha256 recorded there; the id is the first 16 hex digits.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from flask import abort, current_app, render_template

from loaders.iris import SOURCE_ID_LENGTH
from service.store.releases import current_release, read_release_info
from service.web.i18n import current_language
from service.web.resource_data import incoming

CONTEXT = 15
DERIVED_FROM = "http://www.w3.org/ns/prov#wasDerivedFrom"
LINES = re.compile(r"^(?P<id>[0-9a-f]+)(?:/lines/(?P<first>\d+)-(?P<last>\d+))?$")


@dataclass(frozen=True)
class Source:
    id: str
    path: Path
    sha256: str
    lines: list[str]


def published_source(source_id: str) -> Source:
    """The listed document with this id, checked against its sha256 (404 otherwise)."""
    release = current_release(Path(current_app.config["GKG_STORE"]))
    info = read_release_info(release) if release else None
    for entry in info.sources if info else []:
        if entry["sha256"][:SOURCE_ID_LENGTH] != source_id:
            continue
        path = Path(entry["path"])
        try:
            data = path.read_bytes()
        except OSError:
            abort(404, description="the source document is not available on this server")
        if hashlib.sha256(data).hexdigest() != entry["sha256"]:
            abort(404, description="the source document changed since the release was built")
        return Source(source_id, path, entry["sha256"], data.decode("utf-8").splitlines())
    abort(404, description=f"no published source {source_id}")


def render_source(rest: str, iri: str, path: str, alternates: list) -> str:
    """HTML for `rest` = '<id>' or '<id>/lines/<first>-<last>' under /source/."""
    match = LINES.match(rest)
    if not match:
        abort(404)
    source = published_source(match["id"])
    count = len(source.lines)
    if match["first"]:
        first, last = int(match["first"]), int(match["last"])
        if not 1 <= first <= last <= count:
            abort(404, description=f"lines {first}-{last} are not in the document (1-{count})")
        start, end = max(1, first - CONTEXT), min(count, last + CONTEXT)
    else:
        first = last = 0
        start, end = 1, count
    shown = [(number, source.lines[number - 1]) for number in range(start, end + 1)]
    return render_template(
        "source.html",
        iri=iri,
        path=path,
        alternates=alternates,
        source=source,
        first=first,
        last=last,
        shown=shown,
        derived=[f for f in incoming(iri, current_language()) if f.property == DERIVED_FROM]
        if first
        else [],
    )
