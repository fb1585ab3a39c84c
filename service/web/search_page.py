"""Full-text search: the page at ``/search`` and its JSON twin at ``/api/search``.

    GET /search?q=oligometastasen&kind=recommendation    HTML, hits linked to their pages
    GET /api/search?q=bone+metastasis&limit=20&offset=0  JSON: counts per kind and hits
    GET /api/names?q=jag&namespace=https://w3id.org/gkg/person/   names for parameter forms

Each hit links to its resource page and to the source lines it was read from.  The
index is the release's ``search.sqlite`` (service.store.search_index), written by ``gkg build``;
a release built before the index existed, or an external store (GKG_BACKEND_URL), gets
one made on first use from SPARQL answers, kept beside the release or in the store root.
"""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Response, current_app, jsonify, render_template, request
from markupsafe import Markup, escape

from service.queries.name_index import ensure_index, index_path
from service.sparql.querying import select_rows
from service.store.backends import get_backend
from service.store.search_index import (
    KINDS,
    MARK_END,
    MARK_START,
    Found,
    SearchUnavailable,
    complete,
    search,
)

bp = Blueprint("search_page", __name__)

PAGE_SIZE = 25
MAX_LIMIT = 200


@bp.get("/search")
def search_page() -> tuple[str, int] | str:
    text = request.args.get("q", "").strip()
    kind = _kind()
    page = max(1, _number("page", 1))
    try:
        found = _search(text, kind, PAGE_SIZE, (page - 1) * PAGE_SIZE)
    except SearchUnavailable as error:
        return render_template("error.html", message=str(error)), 503
    shown = found.counts.get(kind, 0) if kind else found.total
    return render_template(
        "search.html",
        text=text,
        kind=kind,
        kinds=KINDS,
        found=found,
        page=page,
        pages=max(1, -(-shown // PAGE_SIZE)),
    )


@bp.get("/api/search")
def search_api() -> Response | tuple[Response, int]:
    text = request.args.get("q", "").strip()
    limit = min(MAX_LIMIT, max(1, _number("limit", PAGE_SIZE)))
    try:
        found = _search(text, _kind(), limit, max(0, _number("offset", 0)))
    except SearchUnavailable as error:
        return jsonify({"error": str(error)}), 503
    local = current_app.jinja_env.filters["local"]
    return jsonify(
        {
            "query": text,
            "total": found.total,
            "counts": found.counts,
            "hits": [
                {
                    "iri": hit.iri,
                    "url": local(hit.iri),
                    "kind": hit.kind,
                    "title": _plain(hit.title),
                    "snippet": _plain(hit.snippet),
                    "snippetHtml": str(marked(hit.snippet)),
                    "about": _plain(hit.about) or None,
                    "module": hit.module or None,
                    "source": {"first": hit.first, "last": hit.last, "url": local(hit.span)}
                    if hit.span
                    else None,
                }
                for hit in found.hits
            ],
        }
    )


@bp.get("/api/names")
def names_api() -> Response | tuple[Response, int]:
    """IRIs whose names start as typed: ?q=jag&namespace=https://w3id.org/gkg/person/."""
    text = request.args.get("q", "").strip()
    namespace = request.args.get("namespace", "")
    try:
        offers = complete(current_index(), text, namespace, limit=15) if text else []
    except SearchUnavailable as error:
        return jsonify({"error": str(error)}), 503
    return jsonify([{"iri": iri, "name": name} for iri, name in offers])


@bp.app_template_filter("marked")
def marked(text: str) -> Markup:
    """Index text with its matched words in <mark>, everything else escaped."""
    escaped = str(escape(text))
    return Markup(escaped.replace(MARK_START, "<mark>").replace(MARK_END, "</mark>"))


def _plain(text: str) -> str:
    return text.replace(MARK_START, "").replace(MARK_END, "")


def _search(text: str, kind: str | None, limit: int, offset: int) -> Found:
    if not text:
        return Found(text)
    return search(current_index(), text, kind, limit, offset)


def _kind() -> str | None:
    kind = request.args.get("kind", "")
    return kind if kind in KINDS else None


def _number(name: str, default: int) -> int:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else default


def current_index() -> Path:
    """The index of the data being served: the release's own, else one made now."""
    config = current_app.config
    backend_url = config.get("GKG_BACKEND_URL") or ""
    version = get_backend().data_version() if backend_url else ""
    path = index_path(Path(config["GKG_STORE"]), backend_url, version)
    return ensure_index(path, _select)


def _select(query: str) -> list[dict[str, str]]:
    return [{name: term["value"] for name, term in row.items()} for row in select_rows(query)]
