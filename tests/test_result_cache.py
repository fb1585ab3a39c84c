"""Answers are reused within a data version and forgotten when a new release is published."""

from __future__ import annotations

import json
from pathlib import Path

from fixtures_server import publish_sample

from service.sparql.query_check import check_query
from service.store.backends import SPARQL_JSON
from service.store.local_backend import LocalBackend
from service.store.result_cache import CachingBackend

COUNT = check_query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")


def count(backend: CachingBackend) -> int:
    result = backend.execute(COUNT, SPARQL_JSON, timeout=30, row_cap=100)
    return int(json.loads(result.body)["results"]["bindings"][0]["n"]["value"])


def test_same_question_same_version_is_answered_from_the_cache(tmp_path: Path) -> None:
    publish_sample(tmp_path, "release-a")
    backend = CachingBackend(LocalBackend(tmp_path, processes=1), version_ttl=0)
    try:
        first = count(backend)
        assert count(backend) == first
        assert (backend.hits, backend.misses) == (1, 1)
        publish_sample(tmp_path, "release-b", extra="<urn:x> <urn:y> <urn:z> .")
        assert count(backend) == first + 1  # the new release, not the remembered answer
        assert (backend.hits, backend.misses) == (1, 2)
        assert backend.data_version() == "release-b"
    finally:
        backend.close()


def test_the_byte_budget_evicts_the_least_recently_used(tmp_path: Path) -> None:
    publish_sample(tmp_path, "release-a")
    queries = [check_query(f"SELECT ?s WHERE {{ ?s ?p ?o }} LIMIT {n}") for n in (1, 2, 3)]
    plain = LocalBackend(tmp_path, processes=1)
    sizes = [len(plain.execute(q, SPARQL_JSON, timeout=30, row_cap=100).body) for q in queries]
    texts = [len(query.text) for query in queries]
    budget = sizes[1] + sizes[2] + texts[1] + texts[2]  # room for the last two, not all three
    backend = CachingBackend(plain, max_bytes=budget, max_entry_bytes=budget, version_ttl=0)
    try:
        for query in queries:
            backend.execute(query, SPARQL_JSON, timeout=30, row_cap=100)
        assert (backend.hits, backend.misses) == (0, 3)
        backend.execute(queries[2], SPARQL_JSON, timeout=30, row_cap=100)
        backend.execute(queries[1], SPARQL_JSON, timeout=30, row_cap=100)
        assert (backend.hits, backend.misses) == (2, 3)
        backend.execute(queries[0], SPARQL_JSON, timeout=30, row_cap=100)  # was evicted
        assert (backend.hits, backend.misses) == (2, 4)
    finally:
        backend.close()


def test_query_texts_count_against_the_byte_budget(tmp_path: Path) -> None:
    """Many distinct long queries with short answers cannot grow the cache past its budget."""
    publish_sample(tmp_path, "release-a")
    padding = "#" + "x" * 10_000 + "\n"
    queries = [check_query(f"{padding}ASK {{ ?s ?p {n} }}") for n in range(20)]
    budget = 50_000
    plain = LocalBackend(tmp_path, processes=1)
    backend = CachingBackend(plain, max_bytes=budget, max_entry_bytes=budget // 2, version_ttl=0)
    strict = CachingBackend(plain, max_bytes=budget, version_ttl=0)  # entries up to budget/8
    try:
        for query in queries:
            backend.execute(query, SPARQL_JSON, timeout=30, row_cap=100)
            strict.execute(query, SPARQL_JSON, timeout=30, row_cap=100)
        assert backend.misses == 20
        assert 0 < backend._bytes <= budget
        assert len(backend._answers) == 4  # four texts of 10 kB (and their answers) fit
        assert len(strict._answers) == 0  # a 10 kB text is more than an entry may hold
    finally:
        backend.close()
