"""The minted-path patterns (service.web.resource_paths) against what the builder really mints."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest

from loaders.iris import DEFAULT_BASE_IRI, Iris
from loaders.records import Finding, Span
from service.store.releases import current_release, open_read_only
from service.web.resource_paths import PATTERNS, is_minted

HOSTILE = [
    "agnes-jager>",
    'agnes-jager"',
    "agnes-jager\\",
    "agnes-jager{",
    "agnes-jager}",
    "agnes-jager\n",
    "agnes-jager\x00",
    "agnes-jager ",
    "Agnes-Jager",
    "agnes--jager",
    "-agnes",
    "agnes-jager/",
    "../agnes-jager",
    "agnes-jager/variant/-1",
    "agnes-jager//1",
    "agnes-jager/variant/1/",
    "agnes-jager>) } SERVICE <http://127.0.0.1:9/> { ?a ?b ?c } #",
    "a" * 600,
    "",
]


def minted_paths(store: Path) -> dict[str, set[str]]:
    """Every IRI under the base in the bundled release, as {kind: {rest}} (resource kinds)."""
    release = current_release(store)
    assert release is not None
    found: dict[str, set[str]] = {}
    for quad in open_read_only(release).quads_for_pattern(None, None, None, None):
        for term in (quad.subject, quad.object):
            if isinstance(term, pyoxigraph.NamedNode) and term.value.startswith(DEFAULT_BASE_IRI):
                kind, _, rest = term.value[len(DEFAULT_BASE_IRI) :].partition("/")
                if kind in PATTERNS:
                    found.setdefault(kind, set()).add(rest)
    return found


def test_every_iri_of_the_bundled_release_has_a_minted_path(bundled_store: Path) -> None:
    found = minted_paths(bundled_store)
    assert set(found) == set(PATTERNS)  # every kind occurs, so every pattern is exercised
    refused = sorted(f"{kind}/{rest}" for kind, rests in found.items() for rest in rests
                     if not is_minted(kind, rest))  # fmt: skip
    assert refused == []
    assert len(found["source"]) > 300 and "cd1d8d8584518336/lines/87-87" in found["source"]


def test_what_the_iri_minter_makes_is_accepted() -> None:
    iris = Iris()
    pooled = Finding("hazard-ratio", None, Span(1, 1), study_keys=["a-2006", "b-2011"])
    made = [
        iris.module("borstkanker/10.1.1"),
        iris.module("borstreconstructie/lipofilling"),
        iris.question("borstkanker/10.1.1", None),
        iris.pico_element(iris.question("borstkanker/10.1.1", 2), "population"),
        iris.pico_element(iris.question("borstkanker/10.1.1", 1), "comparator"),
        iris.pico_element(iris.question("borstreconstructie/6.1", None), "outcome-7"),
        iris.downgrade("borstkanker/10.1.1", "riskOfBias"),
        iris.conclusion("borstkanker/10.1.1", 2),
        iris.table("borstkanker/10.1.1-1", 1),
        iris.statement("borstkanker/10.1.1-1", 2),
        iris.finding("borstreconstructie/6.1", pooled),
        iris.confidence_interval(
            iris.finding("borstreconstructie/6.1", Finding("sensitivity", None, Span(1, 1)), 2)
        ),
        iris.name_variant(iris.organisation("kwf"), 3),
        iris.membership("cluster/borstkanker", "steering", "agnes-jager"),
        iris.interest(iris.declaration("borstkanker/9.2.3", "agnes-jager", "expertise"), 4),
        iris.span("ab" * 32, Span(12, 14)),
        iris.problem("ab" * 32, "uncited reference", Span(574, 579), 2),
        iris.group("borstkanker", "support"),
        iris.role("Internist-Oncoloog"),
    ]  # fmt: skip
    for iri in made:
        kind, _, rest = str(iri)[len(DEFAULT_BASE_IRI) :].partition("/")
        assert is_minted(kind, rest), iri


@pytest.mark.parametrize(
    "path",
    [
        "module/borstkanker/10.1.1",
        "module/borstkanker/10.1.1/certainty/risk-of-bias",
        "module/borstreconstructie/lipofilling",
        "recommendation/borstkanker/10.1.1-1/statement/2",
        "finding/borstkanker/10.1.1/xia-2023/sensitivity-fdg-pet-ct-bone-metastases/ci",
        "membership/cluster/borstkanker/steering/agnes-jager",
        "membership/borstkanker/10.1.1/expertise/agnes-jager",
        "declaration/borstkanker/10.1.1/agnes-jager/expertise/interest/3",
        "guideline/borstkanker/group/working-group",
        "problem/cd1d8d8584518336/uncited-reference/574-579",
    ],
)
def test_module_keys_scoped_by_guideline_are_accepted(path: str) -> None:
    kind, _, rest = path.partition("/")
    assert is_minted(kind, rest)


@pytest.mark.parametrize("rest", HOSTILE)
@pytest.mark.parametrize("kind", ["person", "module", "source", "concept", "finding"])
def test_hostile_or_malformed_paths_are_not_minted(kind: str, rest: str) -> None:
    assert not is_minted(kind, rest)


def test_unknown_kinds_and_overlong_paths_are_not_minted() -> None:
    assert not is_minted("graph", "data")
    assert not is_minted("module", "1." * 300 + "1")
    assert is_minted("module", "1." * 200 + "1")
