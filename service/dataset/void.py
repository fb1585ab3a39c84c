"""The dataset's VoID + DCAT description at ``/.well-known/void`` and its dumps at ``/dumps/``.

    GET /.well-known/void      Turtle; JSON-LD, N-Triples or RDF/XML by Accept
    GET /dumps/gkg.ttl         all graphs merged, with the description
    GET /dumps/gkg.nt          likewise, N-Triples
    GET /dumps/gkg.jsonld      named graphs kept; the description in {base}graph/void
    GET /dumps/gkg.nq          likewise, N-Quads

Made once per data version (and public URL, which the description names): the first
request writes the dumps, their manifest and the description into
``<release>/dumps/<key>/`` under a file lock (so parallel workers do the work once),
later ones and other processes read the files.  Dumps are sent with their SHA-256 as
ETag and a Content-Length.  See :mod:`service.dataset.description` for what is counted.

Settings: ``GKG_PUBLIC_URL`` (root URL the description names; ``gkg serve`` sets it to the
address it listens on, so a client's Host header never makes another set of dumps),
``GKG_DATA_LICENSE`` (IRI of the data licence; without it the description says none is set).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from flask import Blueprint, Response, abort, current_app, request, send_file
from rdflib import Graph

from service.dataset.description import (
    DUMP_FORMATS,
    PREFIXES,
    Context,
    Dump,
    describe_dataset,
    dump_bytes,
    statistics,
)
from service.sparql.negotiation import GRAPH_ALIASES, NotAcceptable, negotiate
from service.sparql.service_description import serialize_description
from service.store.backends import JSON_LD, N_TRIPLES, RDF_XML, TURTLE
from service.store.releases import current_release, open_read_only, read_release_info

bp = Blueprint("void", __name__)

CACHE_DIR = "dumps"
MANIFEST = "manifest.json"
DESCRIPTION = "description.nt"
_lock = threading.Lock()


@dataclass(frozen=True)
class Publication:
    """The dumps of one release for one public URL, and their full description."""

    directory: Path
    dumps: dict[str, Dump]
    description: Graph

    def path(self, format_name: str) -> Path:
        return self.directory / f"gkg.{format_name}"


@bp.get("/.well-known/void")
def void() -> Response:
    try:
        media_type = negotiate(request.headers.get("Accept"), GRAPH_ALIASES, TURTLE)
    except NotAcceptable as error:
        return Response(str(error), 406, content_type="text/plain; charset=utf-8")
    body = serialize_description(get_publication().description, media_type)
    response = Response(body, content_type=CONTENT_TYPES[media_type])
    response.vary.add("Accept")
    response.set_etag(hashlib.sha256(body).hexdigest())
    return response.make_conditional(request)


@bp.get("/dumps/gkg.<format_name>")
def dump(format_name: str) -> Response:
    if format_name not in DUMP_FORMATS:
        abort(404, description=f"no dump format '{format_name}'; try {', '.join(DUMP_FORMATS)}")
    publication = get_publication()
    media_type = DUMP_FORMATS[format_name][0]
    return send_file(
        publication.path(format_name),
        mimetype=media_type,
        etag=publication.dumps[format_name].sha256,
        conditional=True,
        download_name=f"gkg.{format_name}",
    )


CONTENT_TYPES = {
    TURTLE: "text/turtle; charset=utf-8",
    N_TRIPLES: "application/n-triples",
    JSON_LD: "application/ld+json",
    RDF_XML: "application/rdf+xml",
}


def get_publication() -> Publication:
    """The current release's dumps and description, made on first use (404 without a release)."""
    config = current_app.config
    release = current_release(Path(config["GKG_STORE"]))
    if release is None:
        abort(404, description="no release of the local store is published; run gkg build")
    context = _context(release, config.get("GKG_PUBLIC_URL") or request.host_url)
    key = (release.name, context.service_url, context.license)
    cache = current_app.extensions.setdefault("gkg.void", {})
    with _lock:
        if key not in cache:
            cache.clear()  # only the current data version is kept
            try:
                cache[key] = publish(release, context)
            except Exception as error:  # noqa: BLE001 - a damaged release or full disk
                current_app.logger.error("release %s: no dumps: %s", release.name, error)
                abort(_unavailable())
        return cache[key]


def _unavailable() -> Response:
    """503 for a release whose description or dumps cannot be made (no server paths)."""
    message = (
        "The dataset description and dumps cannot be made: the published release cannot be "
        "read or the server cannot write them (the server log has the details)\n"
    )
    response = Response(message, 503, content_type="text/plain; charset=utf-8")
    response.headers["Retry-After"] = "5"
    return response


def publish(release: Path, context: Context) -> Publication:
    """Read the dumps of ``release`` for ``context`` from disk, writing them first if needed."""
    digest = hashlib.sha256(f"{context.service_url} {context.license}".encode()).hexdigest()
    directory = release / CACHE_DIR / digest[:16]
    directory.mkdir(parents=True, exist_ok=True)
    with open(directory / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (directory / MANIFEST).exists():
            _write(release, context, directory)
    manifest = json.loads((directory / MANIFEST).read_text("utf-8"))
    dumps = {name: Dump(name, entry["sha256"], entry["size"]) for name, entry in manifest.items()}
    description = Graph().parse(directory / DESCRIPTION, format="nt")
    for prefix, namespace in PREFIXES:
        description.bind(prefix, namespace)
    return Publication(directory, dumps, description)


def _write(release: Path, context: Context, directory: Path) -> None:
    store = open_read_only(release)
    try:
        stats = statistics(store)
        embedded = describe_dataset(stats, context)
        dumps = {}
        for name in DUMP_FORMATS:
            body = dump_bytes(store, embedded, name, context.base_iri)
            _replace(directory / f"gkg.{name}", body)
            dumps[name] = Dump.of(name, body)
    finally:
        del store
    full = describe_dataset(stats, context, dumps)
    _replace(directory / DESCRIPTION, full.serialize(format="nt", encoding="utf-8"))
    manifest = {name: {"sha256": d.sha256, "size": d.size} for name, d in dumps.items()}
    _replace(directory / MANIFEST, json.dumps(manifest, indent=2).encode())


def _replace(path: Path, body: bytes) -> None:
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(body)
    os.replace(temporary, path)


def _context(release: Path, service_url: str) -> Context:
    config = current_app.config
    info = read_release_info(release)
    return Context(
        base_iri=(info.base_iri if info and info.base_iri else config["GKG_BASE_IRI"]),
        service_url=service_url if service_url.endswith("/") else service_url + "/",
        version=release.name,
        built_at=info.built_at if info else "",
        sources=tuple(info.sources) if info else (),
        license=config.get("GKG_DATA_LICENSE") or "",
    )
