"""Analyses of the conflict-of-interest network (service.coi.network).

Every result is plain data (dicts and lists, ready for JSON), deterministic (sorted, ties
broken by name, then IRI), and traceable: each tie names the interest and declaration IRIs
and the source lines it was read from.

    network = load_network(backend)
    report = module_report(network, "6.1")
    [t["organisation_name"] for t in report["industry_ties"]]

- :func:`tie_graph`: people and organisations joined by declared interests (simple graph);
- :func:`centrality`: degree and betweenness of people and organisations in it;
- :func:`person_projection` and :func:`communities`: people joined through organisations
  they both declared a tie to, and its Louvain communities (fixed seed);
- :func:`shared_organisations`: organisations tied to more than one panel member;
- :func:`module_report`: a module's panel, its ties to industry and to research funders,
  and the ties that concern the module's own topic (the interventions of its clinical
  questions vs concepts found in the declared interest, its project and counterparty);
- :func:`person_report`, :func:`find_node`, :func:`ego_network`, :func:`summary`.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict

import networkx as nx

from service.coi.network import INTEREST_KINDS, NON_TOPIC_TAGS, CoiNetwork, InterestRow

COMMUNITY_SEED = 20260601
ROUND = 6


class NotFound(LookupError):
    """No module, person or organisation matches (or more than one does)."""


def tie_record(network: CoiNetwork, interest: InterestRow, organisation: str | None) -> dict:
    """One declared tie (an interest and one of its counterparties), with where it is written."""
    nodes = network.graph.nodes
    org = nodes[organisation] if organisation else {}
    return {
        "person": interest.person,
        "person_name": network.label(interest.person),
        "organisation": organisation,
        "organisation_name": org.get("label"),
        "org_kind": org.get("org_kind"),
        "kind": interest.kind,
        "category": interest.category,
        "project": interest.project,
        "role": interest.role,
        "paid": interest.paid,
        "text": interest.text,
        "module": interest.module,
        "group": interest.group,
        "declaration": interest.declaration,
        "interest": interest.iri,
        "lines": [interest.first_line, interest.last_line],
    }


def _tie_order(tie: dict) -> tuple:
    return (
        _fold(tie["person_name"]),
        _fold(tie["organisation_name"] or ""),
        tie["lines"][0],
        tie["interest"],
        tie["organisation"] or "",
    )


def ties(network: CoiNetwork, module: str | None = None) -> list[dict]:
    """Every declared tie with a counterparty (of one module's declarations, if given)."""
    records = [
        tie_record(network, interest, org)
        for interest in network.interests
        if module is None or interest.module == module
        for org in interest.organisations
    ]
    return sorted(records, key=_tie_order)


def tie_graph(
    network: CoiNetwork, module: str | None = None, kinds: tuple[str, ...] = ()
) -> nx.Graph:
    """People and organisations joined by declared interests; ``weight`` counts the interests.

    Only one module's declarations if ``module`` is given, only edge ``kinds`` if any.
    """
    graph = nx.Graph()
    nodes = network.graph.nodes
    pairs: dict[tuple[str, str], list[InterestRow]] = defaultdict(list)
    for interest in network.interests:
        if (module is None or interest.module == module) and (not kinds or interest.kind in kinds):
            for org in interest.organisations:
                pairs[(interest.person, org)].append(interest)
    for node in sorted({n for pair in pairs for n in pair}):
        graph.add_node(node, **{k: nodes[node][k] for k in ("type", "label") if k in nodes[node]})
    for (person, org), interests in sorted(pairs.items()):
        iris = sorted({i.iri for i in interests})
        kinds = sorted({i.kind for i in interests})
        graph.add_edge(person, org, weight=len(iris), interests=iris, kinds=kinds)
    return graph


def centrality(
    network: CoiNetwork, module: str | None = None, kinds: tuple[str, ...] = ()
) -> list[dict]:
    """Degree and betweenness centrality (normalised) of people and organisations."""
    graph = tie_graph(network, module, kinds)
    if graph.number_of_nodes() == 0:
        return []
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    rows = [
        {
            "node": node,
            "label": data.get("label", node),
            "type": data.get("type"),
            "degree": graph.degree(node),
            "interests": sum(graph.edges[node, other]["weight"] for other in graph[node]),
            "degree_centrality": round(degree[node], ROUND),
            "betweenness": round(betweenness[node], ROUND),
        }
        for node, data in graph.nodes(data=True)
    ]
    return sorted(
        rows, key=lambda r: (-r["betweenness"], -r["degree"], _fold(r["label"]), r["node"])
    )


def person_projection(
    network: CoiNetwork, module: str | None = None, kinds: tuple[str, ...] = ()
) -> nx.Graph:
    """People joined when both declared a tie to the same organisation.

    Edge ``weight`` is the number of shared organisations, ``organisations`` their IRIs.
    """
    graph = tie_graph(network, module, kinds)
    people = sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "person")
    projection = nx.Graph()
    for person in people:
        projection.add_node(person, label=graph.nodes[person].get("label", person))
    for org in sorted(n for n, d in graph.nodes(data=True) if d.get("type") == "organisation"):
        members = sorted(graph[org])
        for index, first in enumerate(members):
            for second in members[index + 1 :]:
                if projection.has_edge(first, second):
                    projection.edges[first, second]["organisations"].append(org)
                else:
                    projection.add_edge(first, second, organisations=[org])
    for _, _, data in projection.edges(data=True):
        data["weight"] = len(data["organisations"])
    return projection


def communities(
    network: CoiNetwork, module: str | None = None, kinds: tuple[str, ...] = ()
) -> list[dict]:
    """Louvain communities of the person projection (fixed seed), largest first."""
    projection = person_projection(network, module, kinds)
    if projection.number_of_nodes() == 0:
        return []
    found = nx.community.louvain_communities(projection, weight="weight", seed=COMMUNITY_SEED)
    result = []
    for members in found:
        ordered = sorted(members, key=lambda n: (_fold(projection.nodes[n]["label"]), n))
        inner = projection.subgraph(members)
        shared = sorted({o for _, _, d in inner.edges(data=True) for o in d["organisations"]})
        result.append(
            {
                "size": len(ordered),
                "members": ordered,
                "names": [projection.nodes[n]["label"] for n in ordered],
                "shared_organisations": shared,
                "shared_organisation_names": [network.label(o) for o in shared],
            }
        )
    return sorted(result, key=lambda c: (-c["size"], _fold(c["names"][0]), c["members"][0]))


def shared_organisations(network: CoiNetwork, module: str | None = None) -> list[dict]:
    """Organisations to which more than one person declared a tie, most people first."""
    by_org: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for tie in ties(network, module):
        by_org[tie["organisation"]][tie["person"]].append(tie)
    result = []
    for org, people in by_org.items():
        if len(people) < 2:
            continue
        node = network.graph.nodes[org]
        entries = [
            {
                "person": person,
                "name": network.label(person),
                "kinds": sorted({t["kind"] for t in person_ties}),
                "ties": person_ties,
            }
            for person, person_ties in people.items()
        ]
        entries.sort(key=lambda e: (_fold(e["name"]), e["person"]))
        result.append(
            {
                "organisation": org,
                "name": node["label"],
                "org_kind": node["org_kind"],
                "people": entries,
            }
        )
    return sorted(result, key=lambda r: (-len(r["people"]), _fold(r["name"]), r["organisation"]))


def module_node(network: CoiNetwork, number: str) -> str:
    for node, data in network.graph.nodes(data=True):
        if data.get("type") == "module" and data.get("number") == number:
            return node
    raise NotFound(f"no module {number!r}; modules: {', '.join(module_numbers(network))}")


def module_numbers(network: CoiNetwork) -> list[str]:
    numbers = [d["number"] for _, d in network.graph.nodes(data=True) if d.get("type") == "module"]
    return sorted(numbers, key=number_key)


def topic_concepts(network: CoiNetwork, number: str) -> list[str]:
    """The concepts that make a module's topic: the interventions its clinical questions ask
    about (their PICO intervention), never their comparators or populations.

    So an interest in another intervention (an implant study beside a module on autologous
    fat grafting) is no tie on the topic; a module whose questions name no coded
    intervention has no topic.
    """
    own = network.interventions.get(number, set())
    return sorted(c for c in own if network.concept_tag.get(c, "") not in NON_TOPIC_TAGS)


def topic_ties(network: CoiNetwork, number: str) -> list[dict]:
    """A module's declared interests whose concepts are, or fall under, the module's topic."""
    topics = set(topic_concepts(network, number))
    notation = network.concept_notation
    result = []
    for interest in network.interests:
        if interest.module != number:
            continue
        matches = []
        for concept in interest.concepts:
            if concept in topics:
                matches.append({"concept": notation[concept], "topic": notation[concept]})
            for topic in sorted(network.ancestors(concept) & topics):
                matches.append({"concept": notation[concept], "topic": notation[topic]})
        if not matches:
            continue
        for org in interest.organisations or (None,):
            record = tie_record(network, interest, org)
            record["matches"] = sorted(matches, key=lambda m: (m["topic"], m["concept"]))
            result.append(record)
    return sorted(result, key=_tie_order)


def module_report(network: CoiNetwork, number: str) -> dict:
    """One module: its panel and the panel's ties to industry, funders and its own topic."""
    node = module_node(network, number)
    data = network.graph.nodes[node]
    panel = []
    for person, _, key, edge in network.graph.in_edges(node, keys=True, data=True):
        if edge["kind"] == "panel-member":
            panel.append(
                {
                    "person": person,
                    "name": network.label(person),
                    "group": edge["group"],
                    "role": edge["role"],
                    "membership": key,
                    "lines": [edge["first_line"], edge["last_line"]],
                }
            )
    panel.sort(key=lambda m: (_fold(m["name"]), m["group"], m["membership"]))
    interests = [i for i in network.interests if i.module == number]
    declarations = sorted({i.declaration for i in interests})
    module_ties = ties(network, number)
    industry = [t for t in module_ties if network.graph.nodes[t["organisation"]]["industry"]]
    funding = [t for t in module_ties if t["kind"] == "research-funding"]
    unlinked = sorted(
        (tie_record(network, i, None) for i in interests if not i.organisations), key=_tie_order
    )
    return {
        "module": number,
        "iri": node,
        "title": data.get("title", ""),
        "guideline": data.get("guideline", ""),
        "panel": panel,
        "declarations": declarations,
        "declared_interests": len(interests),
        "ties": len(module_ties),
        "industry_ties": industry,
        "industry": _by_organisation(network, industry),
        "funder_ties": funding,
        "funders": _by_organisation(network, funding),
        "topic": [network.concept_notation[c] for c in topic_concepts(network, number)],
        "topic_ties": topic_ties(network, number),
        "shared_organisations": shared_organisations(network, number),
        "unlinked_interests": unlinked,
    }


def _by_organisation(network: CoiNetwork, records: list[dict]) -> list[dict]:
    grouped: dict[str, list[dict]] = defaultdict(list)
    for tie in records:
        grouped[tie["organisation"]].append(tie)
    result = []
    for org, org_ties in grouped.items():
        people = sorted({(t["person_name"], t["person"]) for t in org_ties}, key=_fold_pair)
        result.append(
            {
                "organisation": org,
                "name": network.label(org),
                "org_kind": network.graph.nodes[org]["org_kind"],
                "people": [p for _, p in people],
                "names": [n for n, _ in people],
                "ties": len(org_ties),
                "lines": sorted({tuple(t["lines"]) for t in org_ties}),
            }
        )
    return sorted(result, key=lambda r: (-len(r["people"]), _fold(r["name"]), r["organisation"]))


def person_report(network: CoiNetwork, query: str) -> dict:
    """A person's panel seats and declared ties, module by module, and their centrality."""
    node = find_node(network, query, types=("person",))
    panels = sorted(
        (
            {"module": e["module"], "group": e["group"], "role": e["role"], "membership": k,
             "lines": [e["first_line"], e["last_line"]]}
            for _, _, k, e in network.graph.out_edges(node, keys=True, data=True)
            if e["kind"] == "panel-member"
        ),
        key=lambda p: (number_key(p["module"]), p["group"]),
    )  # fmt: skip
    person_ties = [t for t in ties(network) if t["person"] == node]
    unlinked = [
        tie_record(network, i, None)
        for i in network.interests
        if i.person == node and not i.organisations
    ]
    position = next((r for r in centrality(network) if r["node"] == node), None)
    return {
        "person": node,
        "name": network.label(node),
        "panels": panels,
        "ties": sorted(person_ties, key=lambda t: (number_key(t["module"]), _tie_order(t))),
        "unlinked_interests": sorted(
            unlinked, key=lambda t: (number_key(t["module"]), _tie_order(t))
        ),
        "organisations": sorted({t["organisation"] for t in person_ties}),
        "centrality": position,
    }


def find_node(
    network: CoiNetwork, query: str, types: tuple[str, ...] = ("person", "organisation")
) -> str:
    """The node a name, abbreviation, slug or IRI denotes (accents and case ignored)."""
    wanted = _fold(query)
    candidates = [(n, d) for n, d in network.graph.nodes(data=True) if d.get("type") in types]
    if query in {node for node, _ in candidates}:
        return query
    exact = sorted(
        node
        for node, data in candidates
        if wanted
        in {_fold(data.get("label", "")), _fold(node.rsplit("/", 1)[-1].replace("-", " "))}
        or wanted in {_fold(a) for a in data.get("abbreviations", "").split("; ") if a}
    )
    if len(exact) == 1:
        return exact[0]
    partial = sorted(n for n, d in candidates if wanted and wanted in _fold(d.get("label", "")))
    if len(exact) > 1 or len(partial) > 1:
        names = ", ".join(network.label(n) for n in (exact or partial))
        raise NotFound(f"{query!r} matches more than one: {names}")
    if partial:
        return partial[0]
    raise NotFound(f"no {' or '.join(types)} matches {query!r}")


def ego_network(network: CoiNetwork, node: str, radius: int = 1) -> nx.MultiDiGraph:
    """The node, everything within ``radius`` steps (either direction), and their edges."""
    return nx.ego_graph(network.graph, node, radius=radius, undirected=True).copy()


def summary(network: CoiNetwork, top: int = 10) -> dict:
    """All modules' reports in short, and the network-wide analyses."""
    graph = network.graph
    counts: dict[str, int] = defaultdict(int)
    for _, data in graph.nodes(data=True):
        counts[data["type"]] += 1
    edge_counts: dict[str, int] = defaultdict(int)
    for _, _, data in graph.edges(data=True):
        edge_counts[data["kind"]] += 1
    return {
        "nodes": dict(sorted(counts.items())),
        "edges": {kind: edge_counts[kind] for kind in sorted(edge_counts)},
        "declarations": len({i.declaration for i in network.interests}),
        "declared_interests": len(network.interests),
        "interest_kinds": {k: sum(i.kind == k for i in network.interests) for k in INTEREST_KINDS},
        "modules": [module_report(network, number) for number in module_numbers(network)],
        "shared_organisations": shared_organisations(network),
        "centrality": centrality(network)[:top],
        "communities": [c for c in communities(network) if c["size"] > 1],
    }


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text or "")
    return " ".join(
        "".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split()
    )


def _fold_pair(pair: tuple[str, str]) -> tuple[str, str]:
    return (_fold(pair[0]), pair[1])


def number_key(number: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in (number or "").split("."))
