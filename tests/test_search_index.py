"""The search index (service.store.search_index): FTS5 with accents folded, Dutch and English,
prefix matching, counts per kind; and the name table behind the named-query forms.

Built from tests/data/search_sample.ttl (a layout unlike the bundled document) and from
the bundled document's release, where `gkg build` writes it."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pyoxigraph
import pytest

from service.store.releases import current_release
from service.store.search_index import (
    INDEX_FILE,
    MARK_END,
    MARK_START,
    SearchUnavailable,
    build_index,
    complete,
    fold,
    lookup,
    match_expression,
    search,
    store_select,
)

SAMPLE = Path(__file__).parent / "data" / "search_sample.ttl"
EX = "https://example.org/kg/"


@pytest.fixture(scope="module")
def sample_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    store = pyoxigraph.Store()
    store.load(
        SAMPLE.read_bytes(),
        format=pyoxigraph.RdfFormat.TURTLE,
        to_graph=pyoxigraph.NamedNode(f"{EX}graph/data"),
    )
    path = tmp_path_factory.mktemp("search") / INDEX_FILE
    return build_index(path, store_select(store))


def iris(found) -> list[str]:  # noqa: ANN001 - a Found
    return [hit.iri for hit in found.hits]


def test_accents_and_case_are_folded(sample_index: Path) -> None:
    for query in ("oligometastasen", "OLIGOMÉTASTASEN", "patienten"):
        assert iris(search(sample_index, query)) == [f"{EX}consideration/7.2-3"], query


def test_words_match_by_their_start_and_all_must_match(sample_index: Path) -> None:
    assert iris(search(sample_index, "oefenther")) == [f"{EX}recommendation/7.2-1"]
    assert iris(search(sample_index, "oefentherapie lymfoedeem")) == [f"{EX}recommendation/7.2-1"]
    assert iris(search(sample_index, "oefentherapie uitzaaiingen")) == []


def test_english_concept_labels_find_dutch_text(sample_index: Path) -> None:
    found = search(sample_index, "bone metastasis")
    assert iris(found) == [f"{EX}finding/7.2-scan"]
    assert f"{MARK_START}bone{MARK_END}" in found.hits[0].about
    assert iris(search(sample_index, "lymphoedema")) == [f"{EX}recommendation/7.2-1"]


def test_hits_carry_kind_module_source_lines_and_marked_snippet(sample_index: Path) -> None:
    hit = search(sample_index, "lymfoedeem").hits[0]
    assert (hit.kind, hit.module, hit.first, hit.last) == ("recommendation", "7.2", 12, 14)
    assert hit.span == f"{EX}span/12-14"
    assert f"{MARK_START}lymfoedeem{MARK_END}" in hit.snippet
    assert hit.title == "Aanbeveling-1 Fysiotherapie"


def test_counts_per_kind_and_kind_filter(sample_index: Path) -> None:
    found = search(sample_index, "axillary")
    assert found.counts == {"reference": 1}
    both = search(sample_index, "skeletscintigrafie")
    assert both.counts == {"finding": 1}
    assert search(sample_index, "skeletscintigrafie", kind="reference").hits == []


def test_query_syntax_is_never_passed_through() -> None:
    assert (
        match_expression('NEAR(a b) OR "x" -y*')
        == '"NEAR"* AND "a"* AND "b"* AND "OR"* AND "x"* AND "y"*'
    )
    assert match_expression("  ") == ""


def test_names_resolve_exactly_within_a_namespace(sample_index: Path) -> None:
    assert lookup(sample_index, "7.2", f"{EX}module/") == [(f"{EX}module/7.2", "7.2")]
    assert lookup(sample_index, "joris muller", f"{EX}person/") == [
        (f"{EX}person/joris-muller", "Joris Müller")
    ]
    assert lookup(sample_index, "anna-smit", f"{EX}person/") == [
        (f"{EX}person/anna-smit", "anna-smit")
    ]
    assert lookup(sample_index, "7.2", f"{EX}person/") == []


def test_completion_offers_names_by_prefix(sample_index: Path) -> None:
    offered = [iri for iri, _ in complete(sample_index, "smi", f"{EX}person/")]
    assert sorted(offered) == [f"{EX}person/anna-smit", f"{EX}person/anne-smits"]
    assert complete(sample_index, "bot", f"{EX}concept/") == [
        (f"{EX}concept/bone-metastasis", "botmetastase")
    ]


def test_fold() -> None:
    assert fold("  Patiënten  MÜLLER ") == "patienten muller"


def test_missing_index_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(SearchUnavailable, match="gkg build"):
        search(tmp_path / INDEX_FILE, "x")


def test_build_writes_the_index_into_the_release(bundled_store: Path) -> None:
    index = current_release(bundled_store) / INDEX_FILE
    found = search(index, "Aanvullende MRI", kind="recommendation")
    assert [hit.iri for hit in found.hits] == [
        "https://w3id.org/gkg/recommendation/borstkanker/10.1.1-1"
    ]
    assert (found.hits[0].first, found.hits[0].last) == (336, 342)
    # and the count of line 377 ('vier head-to-head studies ... aanvullende laesies')
    assert found.counts == {"recommendation": 1, "consideration": 8, "finding": 1}
    assert lookup(index, "6.1", "https://w3id.org/gkg/module/") == [
        ("https://w3id.org/gkg/module/borstreconstructie/6.1", "6.1")
    ]


def test_the_index_built_while_validating_is_the_one_of_the_release_store(
    bundled_store: Path, tmp_path: Path
) -> None:
    release = tmp_path / "release"
    shutil.copytree(current_release(bundled_store), release)
    (release / INDEX_FILE).unlink()
    build_index(release / INDEX_FILE, store_select(pyoxigraph.Store.read_only(str(release))))
    built, rewritten = (_rows(path) for path in (current_release(bundled_store), release))
    assert built == rewritten
    assert (len(built["documents"]), len(built["names"])) == (156, 1554)


def _rows(release: Path) -> dict[str, list[tuple]]:
    with closing(sqlite3.connect(release / INDEX_FILE)) as connection:
        return {
            table: sorted(connection.execute(f"SELECT * FROM {table}"), key=repr)
            for table in ("documents", "names", "names_text")
        }
