"""Every spelling of a person's or organisation's name as an SKOS-XL label with its lines.

The preferred name, where the source writes it, is the `skosxl:prefLabel`; each other
spelling a `skosxl:altLabel` (and a plain `skos:altLabel`); each label is derived from
every span of lines the spelling is written on.  Facts checked against
data/source/borstkanker-cluster-3a-2026.txt.
"""

from __future__ import annotations

from functools import cache

from rdflib import Graph

from loaders.parsers.document import parse_document
from loaders.rdf.builder import build_graph
from service.pipeline.build import BUNDLED_SOURCE

BASE = "https://w3id.org/gkg/"
PREFIXES = f"""
PREFIX gkg: <{BASE}ontology#> PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX skosxl: <http://www.w3.org/2008/05/skos-xl#>
"""


@cache
def graph() -> Graph:
    return build_graph(parse_document(BUNDLED_SOURCE), BASE)


def labels(entity: str) -> list[tuple[str, str, list[int]]]:
    """(kind, spelling, first lines) of every SKOS-XL label of `entity`, in source order."""
    rows = graph().query(
        PREFIXES
        + f"""SELECT ?property ?form ?first WHERE {{
            <{BASE}{entity}> ?property ?label .
            VALUES ?property {{ skosxl:prefLabel skosxl:altLabel }}
            ?label a skosxl:Label ; skosxl:literalForm ?form ;
                prov:wasDerivedFrom/gkg:firstLine ?first .
        }}"""
    )
    found: dict[tuple[str, str], list[int]] = {}
    for prop, form, first in rows:
        kind = "pref" if str(prop).endswith("prefLabel") else "alt"
        found.setdefault((kind, str(form)), []).append(int(first))
    ordered = sorted(found.items(), key=lambda item: min(item[1]))
    return [(kind, form, sorted(lines)) for (kind, form), lines in ordered]


def plain_labels(entity: str, prop: str) -> list[str]:
    rows = graph().query(f"{PREFIXES} SELECT ?l WHERE {{ <{BASE}{entity}> {prop} ?l }}")
    return sorted(str(label) for (label,) in rows)


def test_a_persons_spellings_with_every_line():
    assert labels("person/cristina-guerrero-paez") == [
        ("pref", "Cristina Guerrero Paez", [90, 226]),  # 'C. (Cristina) Guerrero Paez'
        ("alt", "Cristina Guerreo Paez", [274, 685, 1004, 1043]),
        ("alt", "Cristina Guerreiro Paez", [644]),
    ]
    assert plain_labels("person/cristina-guerrero-paez", "skos:altLabel") == [
        "Cristina Guerreiro Paez",
        "Cristina Guerreo Paez",
    ]
    assert plain_labels("person/cristina-guerrero-paez", "skos:prefLabel") == [
        "Cristina Guerrero Paez"
    ]
    # 'Iris Langeraak' in the declaration table of 6.1 (line 1070)
    assert ("alt", "Iris Langeraak", [1070]) in labels("person/iris-langerak")


def test_an_organisation_known_by_its_abbreviation_has_no_preferred_written_form():
    niv = labels("organisation/niv")
    assert [kind for kind, _, _ in niv] == ["alt"]  # the full name is never written
    assert niv[0][:2] == ("alt", "NIV") and niv[0][2][0] == 85
    assert plain_labels("organisation/niv", "skos:prefLabel") == [
        "Nederlandsche Internisten Vereeniging"
    ]


def test_an_organisation_found_by_cues_with_its_acronym_and_full_name():
    assert labels("organisation/ntvo") == [
        ("alt", "NTVO", [270, 681, 1039]),  # 'Lid NTVO redactie'
        ("pref", "Nederlands Tijdschrift voor Oncologie", [301]),
    ]
    assert plain_labels("organisation/ntvo", "skos:altLabel") == ["NTVO"]
    assert labels("organisation/hebon") == [("pref", "HEBON", [1071])]


def test_every_label_is_derived_from_its_lines_and_owned_once():
    rows = graph().query(
        PREFIXES
        + """SELECT (COUNT(DISTINCT ?label) AS ?n) WHERE {
            ?label a skosxl:Label .
            FILTER NOT EXISTS { ?label prov:wasDerivedFrom/gkg:firstLine ?line }
        }"""
    )
    assert [int(n) for (n,) in rows] == [0]
    owners = graph().query(
        PREFIXES
        + """SELECT ?label (COUNT(?owner) AS ?n) WHERE {
            ?owner skosxl:prefLabel|skosxl:altLabel ?label
        } GROUP BY ?label HAVING (COUNT(?owner) > 1)"""
    )
    assert list(owners) == []
