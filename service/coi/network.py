"""The conflict-of-interest network, derived through SPARQL from the published store.

A handful of SELECT queries (below, as data) read the declarations, panels, organisations
and concepts; :func:`build_network` turns their rows into a typed ``networkx.MultiDiGraph``:

- nodes: people, organisations, modules, guidelines; the node id is the entity's IRI, with
  ``type`` (person | organisation | module | guideline) and ``label``; organisations carry
  ``org_kind`` (from their gkg: class) and ``industry`` (a company is industry);
- edges person -> module (``panel-member``), person -> organisation (``represents``, the
  society a panel member sits for, and one edge per declared interest and counterparty:
  ``employment``, ``board-or-committee``, ``side-activity``, ``research-funding`` (with
  ``project`` and ``role``), ``personal-financial``, ``personal-relation``, ``intellectual``,
  ``other``), module -> guideline (``part-of``).  Every edge keeps its source lines
  (``first_line``, ``last_line``), the IRI it comes from (membership or interest, also the
  edge key), and for interests the declaration IRI, the module number, the declared
  category, the verbatim text, and ``paid`` where the declaration says.

Usage::

    network = load_network(LocalBackend(store_root(), processes=1))
    network.graph.nodes["https://w3id.org/gkg/organisation/kwf"]["org_kind"]  # 'charity'

Rows come from any function that runs a SELECT query and returns SPARQL JSON bindings
(:func:`backend_rows` for a backend, :func:`service.sparql.querying.select_rows` in the app).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
from rdflib import URIRef

from loaders.concepts import Concept, ConceptIndex, normalise
from service.sparql.query_check import CheckedQuery, check_query
from service.store.backends import SPARQL_JSON, BackendError

Rows = Callable[[str], list[dict[str, Any]]]

GKG = "https://w3id.org/gkg/ontology#"
PREFIXES = """PREFIX gkg: <https://w3id.org/gkg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
"""
QUERIES = {
    "people": """SELECT ?person ?name WHERE { ?person a foaf:Person ; foaf:name ?name }""",
    "organisations": """SELECT ?org ?name ?class
WHERE {
  ?org a org:FormalOrganization ; skos:prefLabel ?name .
  OPTIONAL { ?org a ?class . FILTER(STRSTARTS(STR(?class), STR(gkg:))) }
}""",
    "abbreviations": """SELECT ?org ?alt
WHERE { ?org a org:FormalOrganization ; skos:altLabel ?alt }""",
    "modules": """SELECT ?module ?number ?title ?guideline ?guidelineTitle
WHERE {
  ?module a gkg:Module .
  OPTIONAL { ?module gkg:moduleNumber ?number }
  OPTIONAL { ?module dcterms:title ?title }
  OPTIONAL {
    ?module dcterms:isPartOf ?guideline .
    OPTIONAL { ?guideline dcterms:title ?guidelineTitle }
  }
}""",
    "module_subjects": """SELECT ?module ?concept
WHERE { ?module a gkg:Module ; dcterms:subject ?concept }""",
    "module_interventions": """SELECT DISTINCT ?module ?concept
WHERE {
  ?question a gkg:ClinicalQuestion ; gkg:inModule ?module ;
    gkg:picoIntervention/dcterms:subject ?concept .
}""",
    "memberships": """SELECT ?membership ?person ?group ?module ?role
  (MIN(?first) AS ?firstLine) (MAX(?last) AS ?lastLine)
WHERE {
  ?membership a org:Membership ; org:member ?person ; gkg:clusterGroup ?group .
  OPTIONAL { ?membership gkg:scopeModule ?module }
  OPTIONAL { ?membership gkg:roleText ?role }
  ?membership prov:wasDerivedFrom ?span . ?span gkg:firstLine ?first ; gkg:lastLine ?last .
}
GROUP BY ?membership ?person ?group ?module ?role""",
    "on_behalf_of": """SELECT ?membership ?org
WHERE { ?membership a org:Membership ; gkg:onBehalfOf ?org }""",
    "interests": """SELECT ?interest ?declaration ?person ?module ?group ?category ?text
  ?project ?role ?paid ?firstLine ?lastLine
WHERE {
  ?declaration a gkg:InterestDeclaration ; gkg:declarant ?person ; gkg:inModule ?module ;
    gkg:declaresInterest ?interest .
  OPTIONAL { ?declaration gkg:clusterGroup ?group }
  ?interest gkg:interestKind ?category ; prov:wasDerivedFrom ?span .
  ?span gkg:firstLine ?firstLine ; gkg:lastLine ?lastLine .
  OPTIONAL { ?interest gkg:text ?text }
  OPTIONAL { ?interest gkg:project ?project }
  OPTIONAL { ?interest gkg:projectRole ?role }
  OPTIONAL { ?interest gkg:paid ?paid }
}""",
    "counterparties": """SELECT ?interest ?org
WHERE { ?interest a gkg:Interest ; gkg:counterparty ?org }""",
    "interest_subjects": """SELECT ?interest ?concept
WHERE { ?interest a gkg:Interest ; dcterms:subject ?concept }""",
    "concepts": """SELECT ?concept ?notation ?tag ?label ?top
WHERE {
  ?concept a skos:Concept ; skos:notation ?notation .
  OPTIONAL { ?concept gkg:semanticTag ?tag }
  OPTIONAL { ?concept skos:prefLabel|skos:altLabel ?label }
  BIND(EXISTS { ?concept skos:topConceptOf ?scheme } AS ?top)
}""",
    "broader": """SELECT ?concept ?broader
WHERE { ?concept a skos:Concept ; skos:notation ?n ; skos:broader ?broader }""",
}

ORGANISATION_KINDS = {
    "Company": "company",
    "CharityOrFund": "charity",
    "GovernmentBody": "government",
    "HospitalOrUniversity": "hospital",
    "ProfessionalSociety": "professional-society",
    "PatientOrganisation": "patient-organisation",
    "KnowledgeInstitute": "knowledge-institute",
}
CATEGORY_KINDS = {
    "EmploymentInterest": "employment",
    "SideActivityInterest": "side-activity",
    "PersonalFinancialInterest": "personal-financial",
    "PersonalRelationInterest": "personal-relation",
    "ResearchFundingInterest": "research-funding",
    "IntellectualInterest": "intellectual",
    "OtherInterest": "other",
}
BOARD_OR_COMMITTEE = re.compile(
    r"\b(bestuur\w*|(vice)?voorzitter|vrz|secretaris|penningmeester|\w*commissie\w*|"
    r"board|committee|chair|secretary|raad|toezicht|werkgroep|redactie\w*|lid|steering)\b",
    re.IGNORECASE,
)
SPEAKER_FEE_OR_SHARES = re.compile(
    r"spreker|sprekers\w*|speaker|honorari\w*|aandeel\w*|aandelen|shares", re.IGNORECASE
)
INTEREST_KINDS = (
    "employment", "board-or-committee", "side-activity", "research-funding",
    "personal-financial", "personal-relation", "intellectual", "other",
)  # fmt: skip
"""Edge kinds of declared interests (person -> organisation)."""
NON_TOPIC_TAGS = {"outcome", "statistic", "observable entity"}
"""Semantic tags of concepts that describe measures, not what a module or project is about."""


@dataclass(frozen=True)
class InterestRow:
    """One declared interest of one declaration, with what it was matched to."""

    iri: str
    declaration: str
    person: str
    module: str  # module number
    group: str  # steering | expertise | ...
    category: str  # declared category (gkg: concept local name), e.g. "OtherInterest"
    kind: str  # network edge kind (INTEREST_KINDS)
    text: str
    project: str
    role: str
    paid: bool | None
    first_line: int
    last_line: int
    organisations: tuple[str, ...]  # counterparty IRIs, sorted
    concepts: tuple[str, ...]  # concept IRIs of the text, project and counterparty names


@dataclass
class CoiNetwork:
    """The multigraph plus what the analyses need beside it (all from the store)."""

    graph: nx.MultiDiGraph
    interests: list[InterestRow]
    concept_notation: dict[str, str] = field(default_factory=dict)  # IRI -> notation
    concept_label: dict[str, str] = field(default_factory=dict)  # IRI -> English label
    concept_tag: dict[str, str] = field(default_factory=dict)  # IRI -> semantic tag
    broader: dict[str, set[str]] = field(default_factory=dict)  # IRI -> direct broader IRIs
    # module number -> concept IRIs of the interventions its clinical questions ask about
    interventions: dict[str, set[str]] = field(default_factory=dict)

    def label(self, node: str) -> str:
        return self.graph.nodes[node].get("label", node) if node in self.graph else node

    def ancestors(self, concept: str) -> set[str]:
        """The concept's broader concepts, transitively (not itself)."""
        seen: set[str] = set()
        todo = list(self.broader.get(concept, ()))
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(self.broader.get(current, ()))
        return seen


class NetworkQueryError(Exception):
    """A query for the network could not be answered completely."""


def backend_rows(backend: Any, *, timeout: float = 60.0, row_cap: int = 1_000_000) -> Rows:
    """A :data:`Rows` function running queries on a service.store.backends.Backend."""

    def run(text: str) -> list[dict[str, Any]]:
        checked = check_query(text)
        if not isinstance(checked, CheckedQuery):
            raise NetworkQueryError("the network queries are read queries")
        try:
            result = backend.execute(checked, SPARQL_JSON, timeout=timeout, row_cap=row_cap)
        except BackendError as error:
            raise NetworkQueryError(str(error)) from error
        if result.truncated:
            raise NetworkQueryError(f"a network query was cut at {row_cap} rows")
        return json.loads(result.body)["results"]["bindings"]

    return run


def load_network(backend: Any) -> CoiNetwork:
    """The network of the backend's current release."""
    return build_network(backend_rows(backend))


def _name_modules(rows: list[dict[str, str]]) -> None:
    """Name each module by its number ('6.1') where no other module has it, else by its
    guideline and number or slug as in its IRI ('longkanker/6.1'): several guidelines may
    number a module alike, and a module may have no number."""
    counts = Counter(row.get("number", "") for row in rows)
    for row in rows:
        number = row.get("number", "")
        if not number or counts[number] > 1:
            row["number"] = row["module"].split("/module/", 1)[-1]


def build_network(rows: Rows) -> CoiNetwork:
    """Run the network queries through ``rows`` and assemble the multigraph."""
    answers = {
        name: [_plain(row) for row in rows(PREFIXES + text)] for name, text in QUERIES.items()
    }
    _name_modules(answers["modules"])
    network = CoiNetwork(nx.MultiDiGraph(), [])
    index = _concepts(network, answers["concepts"], answers["broader"])
    graph = network.graph
    _add_nodes(network, answers)
    counterparties: dict[str, list[str]] = {}
    for row in answers["counterparties"]:
        if row["org"] in graph:
            counterparties.setdefault(row["interest"], []).append(row["org"])
    stored_subjects: dict[str, set[str]] = {}
    for row in answers["interest_subjects"]:
        stored_subjects.setdefault(row["interest"], set()).add(row["concept"])
    modules = {row["module"]: row["number"] for row in answers["modules"]}
    for row in answers["module_interventions"]:
        if row["module"] in modules:
            network.interventions.setdefault(modules[row["module"]], set()).add(row["concept"])
    interests = []
    for row in answers["interests"]:
        organisations = tuple(sorted(set(counterparties.get(row["interest"], []))))
        text = row.get("text", "")
        names = " ".join(network.label(org) for org in organisations)
        found = {str(c) for c in index.find(" ".join([text, row.get("project", ""), names]))}
        category = row["category"].removeprefix(GKG)
        paid = row.get("paid")
        interests.append(
            InterestRow(
                iri=row["interest"],
                declaration=row["declaration"],
                person=row["person"],
                module=modules.get(row["module"], ""),
                group=row.get("group", "").rsplit("/", 1)[-1],
                category=category,
                kind=interest_kind(category, text),
                text=text,
                project=row.get("project", ""),
                role=row.get("role", ""),
                paid=None if paid is None else paid in ("true", "1"),
                first_line=int(row["firstLine"]),
                last_line=int(row["lastLine"]),
                organisations=organisations,
                concepts=tuple(sorted(found | stored_subjects.get(row["interest"], set()))),
            )
        )
    network.interests = sorted(interests, key=lambda i: (i.first_line, i.declaration, i.iri))
    _add_edges(network, answers, modules)
    return network


def interest_kind(category: str, text: str) -> str:
    """The edge kind of a declared interest: its declared category, refined by its words.

    Side activities that name a board, committee, chair or editorial seat are
    ``board-or-committee``; an 'other' interest that is a speaker fee or a shareholding is
    ``personal-financial``.
    """
    kind = CATEGORY_KINDS.get(category, "other")
    if kind == "side-activity" and BOARD_OR_COMMITTEE.search(text):
        return "board-or-committee"
    if kind == "other" and SPEAKER_FEE_OR_SHARES.search(text):
        return "personal-financial"
    return kind


def natural(text: str) -> tuple:
    """A sort key that orders 'interest/9' before 'interest/10'."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text))


def _plain(row: dict[str, Any]) -> dict[str, str]:
    return {name: value["value"] for name, value in row.items()}


def _concepts(network: CoiNetwork, rows: list[dict], broader_rows: list[dict]) -> ConceptIndex:
    labels: dict[str, set[str]] = {}
    top: set[str] = set()
    for row in rows:
        iri = row["concept"]
        network.concept_notation[iri] = row["notation"]
        network.concept_tag[iri] = row.get("tag", "")
        labels.setdefault(iri, set())
        if row.get("label"):
            labels[iri].add(normalise(row["label"]))
        if row.get("top") in ("true", "1"):
            top.add(iri)
    for row in broader_rows:
        network.broader.setdefault(row["concept"], set()).add(row["broader"])
    for iri, notation in network.concept_notation.items():
        network.concept_label[iri] = notation.replace("-", " ")
    concepts = [
        Concept(
            iri=URIRef(iri),
            notation=network.concept_notation[iri],
            semantic_tag=network.concept_tag[iri],
            labels=() if iri in top else tuple(sorted(labels[iri])),
        )
        for iri in sorted(labels)
    ]
    return ConceptIndex(concepts)


def _add_nodes(network: CoiNetwork, answers: dict[str, list[dict[str, str]]]) -> None:
    graph = network.graph
    nodes: list[tuple[str, dict[str, Any]]] = []
    for row in answers["people"]:
        nodes.append((row["person"], {"type": "person", "label": row["name"]}))
    kinds: dict[str, str] = {}
    names: dict[str, str] = {}
    for row in answers["organisations"]:
        names[row["org"]] = row["name"]
        kind = ORGANISATION_KINDS.get(row.get("class", "").removeprefix(GKG))
        if kind:
            kinds[row["org"]] = min(kind, kinds.get(row["org"], kind))
    abbreviations: dict[str, set[str]] = {}
    for row in answers["abbreviations"]:
        abbreviations.setdefault(row["org"], set()).add(row["alt"])
    for org, name in names.items():
        kind = kinds.get(org, "other")
        attributes = {"type": "organisation", "label": name, "org_kind": kind}
        attributes["industry"] = kind == "company"
        attributes["abbreviations"] = "; ".join(sorted(abbreviations.get(org, ())))
        nodes.append((org, attributes))
    subjects: dict[str, set[str]] = {}
    for row in answers["module_subjects"]:
        subjects.setdefault(row["module"], set()).add(row["concept"])
    for row in answers["modules"]:
        notations = sorted(
            network.concept_notation.get(c, c) for c in subjects.get(row["module"], ())
        )
        attributes = {"type": "module", "label": f"{row['number']} {row.get('title', '')}".strip()}
        attributes |= {"number": row["number"], "title": row.get("title", "")}
        attributes |= {"subjects": " ".join(notations), "guideline": row.get("guideline", "")}
        nodes.append((row["module"], attributes))
        if row.get("guideline"):
            title = row.get("guidelineTitle", row["guideline"])
            nodes.append((row["guideline"], {"type": "guideline", "label": title}))
    for node, attributes in sorted(nodes, key=lambda item: (item[1]["type"], item[0])):
        if node not in graph:
            graph.add_node(node, **attributes)


def _add_edges(
    network: CoiNetwork, answers: dict[str, list[dict]], modules: dict[str, str]
) -> None:
    graph = network.graph
    edges: list[tuple[str, str, str, dict[str, Any]]] = []
    for row in answers["modules"]:
        if row.get("guideline"):
            edges.append((row["module"], row["guideline"], "part-of", {"kind": "part-of"}))
    behalf: dict[str, set[str]] = {}
    for row in answers["on_behalf_of"]:
        behalf.setdefault(row["membership"], set()).add(row["org"])
    for row in answers["memberships"]:
        if row["person"] not in graph:
            continue
        lines = {"first_line": int(row["firstLine"]), "last_line": int(row["lastLine"])}
        common = {"group": row["group"].rsplit("/", 1)[-1], "role": row.get("role", ""), **lines}
        module = row.get("module", "")
        common["module"] = modules.get(module, "")
        if module in graph:
            edges.append(
                (row["person"], module, row["membership"], {"kind": "panel-member", **common})
            )
        for org in sorted(behalf.get(row["membership"], ())):
            if org in graph:
                edges.append(
                    (row["person"], org, row["membership"], {"kind": "represents", **common})
                )
    for interest in network.interests:
        attributes: dict[str, Any] = {
            "kind": interest.kind,
            "category": interest.category,
            "module": interest.module,
            "group": interest.group,
            "declaration": interest.declaration,
            "text": interest.text,
            "project": interest.project,
            "role": interest.role,
            "first_line": interest.first_line,
            "last_line": interest.last_line,
            "concepts": " ".join(network.concept_notation.get(c, c) for c in interest.concepts),
        }
        if interest.paid is not None:
            attributes["paid"] = interest.paid
        for org in interest.organisations:
            edges.append((interest.person, org, interest.iri, attributes))
    for source, target, key, attributes in sorted(edges, key=lambda e: (e[0], e[1], natural(e[2]))):
        if source in graph and target in graph:
            graph.add_edge(source, target, key=key, **attributes)
