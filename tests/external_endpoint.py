"""A tiny SPARQL 1.1 Protocol endpoint over a Turtle file, for the federation tests.

    python tests/external_endpoint.py tests/data/external_kb.ttl --port 3031
    # -> http://127.0.0.1:3031/sparql

pyoxigraph answers the queries; this WSGI app only speaks the protocol: GET ``?query=``,
POST form ``query=``, POST ``application/sparql-query``; results as SPARQL JSON (default),
XML, CSV or TSV by ``Accept``, graphs as N-Triples or Turtle; 400 on a malformed query.
Read-only: updates are not accepted.  It serves 127.0.0.1 only.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import parse_qs
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pyoxigraph

RESULTS = {
    "application/sparql-results+json": pyoxigraph.QueryResultsFormat.JSON,
    "application/sparql-results+xml": pyoxigraph.QueryResultsFormat.XML,
    "text/csv": pyoxigraph.QueryResultsFormat.CSV,
    "text/tab-separated-values": pyoxigraph.QueryResultsFormat.TSV,
}
GRAPHS = {
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
}


def make_app(store: pyoxigraph.Store):  # noqa: ANN201 - a WSGI callable
    def app(environ: dict, start_response) -> list[bytes]:  # noqa: ANN001
        if environ.get("PATH_INFO") != "/sparql":
            return reply(start_response, "404 Not Found", "text/plain", b"try /sparql")
        query = read_query(environ)
        if query is None:
            return reply(start_response, "400 Bad Request", "text/plain", b"missing query")
        try:
            results = store.query(query)
        except SyntaxError as error:
            return reply(start_response, "400 Bad Request", "text/plain", str(error).encode())
        accept = environ.get("HTTP_ACCEPT", "")
        if isinstance(results, pyoxigraph.QueryTriples):
            media = next((m for m in GRAPHS if m in accept), "application/n-triples")
            body = pyoxigraph.serialize(list(results), format=GRAPHS[media])
        else:
            media = next((m for m in RESULTS if m in accept), "application/sparql-results+json")
            body = results.serialize(format=RESULTS[media])
        return reply(start_response, "200 OK", media, body)

    return app


def read_query(environ: dict) -> str | None:
    if environ["REQUEST_METHOD"] == "GET":
        return parse_qs(environ.get("QUERY_STRING", "")).get("query", [None])[0]
    length = int(environ.get("CONTENT_LENGTH") or 0)
    body = environ["wsgi.input"].read(length).decode("utf-8")
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip()
    if content_type == "application/sparql-query":
        return body
    if content_type == "application/x-www-form-urlencoded":
        return parse_qs(body).get("query", [None])[0]
    return None


def reply(start_response, status: str, media_type: str, body: bytes) -> list[bytes]:  # noqa: ANN001
    start_response(status, [("Content-Type", media_type), ("Content-Length", str(len(body)))])
    return [body]


class QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        sys.stderr.write(f"external endpoint: {format % args}\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="Turtle file to serve")
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args(argv)
    store = pyoxigraph.Store()
    store.load(args.data.read_bytes(), format=pyoxigraph.RdfFormat.TURTLE)
    with make_server("127.0.0.1", args.port, make_app(store), handler_class=QuietHandler) as server:
        server.serve_forever()
    return 0


if __name__ == "__main__":
    sys.exit(main())
