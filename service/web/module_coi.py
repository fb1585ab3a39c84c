"""A module's declared interests as its page shows them (service.coi.analysis's
module report, grouped for reading, each tie linked to the source lines it was read from).

    interests = module_interests("https://w3id.org/gkg/module/6.1", "6.1")
    interests["industry"][0]["name"], interests["industry"][0]["companies"]
    # ('Agnes Jager', [{'organisation': '.../astrazeneca', 'name': 'AstraZeneca', ...}, ...])

- ``industry``: panel members with ties to companies, and which companies;
- ``topic``: ties whose interest concerns the module's own topic concepts;
- ``shared``: organisations tied to more than one panel member;
- ``companies_by_person``: person IRI -> company names, for the panel table.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from service.coi.analysis import NotFound, module_report
from service.coi.api import get_network
from service.coi.network import NetworkQueryError
from service.queries.binding import iri as iri_term
from service.sparql.querying import select_rows
from service.web.evidence_queries import INTEREST_SPANS


def module_interests(module: str, number: str) -> dict[str, Any]:
    """The interest sections of module `module` (IRI) numbered `number`.

    The network names a module by its number unless several guidelines number a module
    alike ('longkanker/6.1'); ``name`` is that name, for links to the network page.
    """
    empty: dict[str, Any] = {"industry": [], "topic": [], "shared": [], "topic_concepts": []}
    try:
        network = get_network()
    except NetworkQueryError as error:  # e.g. cut at the row cap: say so, show no counts
        return {**empty, "by_person": {}, "name": number, "unavailable": str(error)}
    node = network.graph.nodes.get(module, {})
    name = node.get("number", number) if node.get("type") == "module" else number
    try:
        report = module_report(network, name)
    except NotFound:
        return {**empty, "by_person": {}, "name": name}
    spans = {
        row["interest"]["value"]: row
        for row in select_rows(INTEREST_SPANS, {"module": iri_term(module)})
    }
    industry = _people_with_companies(report["industry_ties"], spans)
    return {
        "industry": industry,
        "topic": [_with_span(tie, spans) for tie in report["topic_ties"]],
        "topic_concepts": report["topic"],
        "shared": [_shared(entry, spans) for entry in report["shared_organisations"]],
        "by_person": {person["person"]: person["companies"] for person in industry},
        "name": name,
    }


def _people_with_companies(ties: list[dict], spans: dict[str, Any]) -> list[dict[str, Any]]:
    people: dict[str, dict[str, Any]] = {}
    companies: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for tie in ties:
        person = people.setdefault(
            tie["person"], {"person": tie["person"], "name": tie["person_name"]}
        )
        company = companies[tie["person"]].setdefault(
            tie["organisation"],
            {"organisation": tie["organisation"], "name": tie["organisation_name"], "ties": []},
        )
        if not any(_same(tie, kept) for kept in company["ties"]):
            company["ties"].append(_with_span(tie, spans))
        person.setdefault("kinds", set()).add(tie["kind"])
    for iri, person in people.items():
        person["companies"] = sorted(companies[iri].values(), key=lambda c: c["name"].casefold())
        person["kinds"] = sorted(person["kinds"])
    return list(people.values())


def _shared(entry: dict, spans: dict[str, Any]) -> dict[str, Any]:
    people = []
    for person in entry["people"]:
        kept: list[dict] = []
        for tie in person["ties"]:
            if not any(_same(tie, other) for other in kept):
                kept.append(tie)
        people.append({**person, "ties": [_with_span(tie, spans) for tie in kept]})
    return {**entry, "people": people}


def _same(tie: dict, other: dict) -> bool:
    """Two ties of one person and organisation read from the same lines, of the same kind."""
    return tie["kind"] == other["kind"] and tie["lines"] == other["lines"]


def _with_span(tie: dict, spans: dict[str, Any]) -> dict[str, Any]:
    """The tie with its source span row (span, first, last) for the page's source links."""
    return {**tie, "source": spans.get(tie["interest"], {})}
