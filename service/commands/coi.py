"""`gkg coi`: the conflict-of-interest network of the published store.

    gkg coi summary [--store DIR] [--json]
    gkg coi module 6.1 [--json]
    gkg coi person "Agnes Jager" [--json]
    gkg coi ego KWF [--radius 2] [--json]
    gkg coi export [--store DIR] --format graphml|gexf|json [-o FILE]

Everything is read through SPARQL from the store (service.coi.network); every tie printed
names the source lines of the declaration it comes from.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from service.coi.analysis import (
    NotFound,
    ego_network,
    find_node,
    module_report,
    number_key,
    person_report,
    summary,
)
from service.coi.export import FORMATS, cytoscape_json, export_bytes
from service.coi.network import CoiNetwork, NetworkQueryError, load_network
from service.store.backends import BackendError
from service.store.releases import store_root


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("coi", help="the conflict-of-interest network")
    actions = parser.add_subparsers(dest="coi_command", required=True, metavar="ACTION")
    for name, help_text in [
        ("summary", "module-by-module summary and network-wide analyses"),
        ("module", "one module's panel and its ties"),
        ("person", "one person's panel seats and declared ties"),
        ("ego", "a person or organisation and everything within --radius steps"),
        ("export", "the network as GraphML, GEXF or Cytoscape.js JSON"),
    ]:
        action = actions.add_parser(name, help=help_text)
        action.add_argument(
            "--store", help="store root directory (default: $GKG_STORE or var/store)"
        )
        if name == "module":
            action.add_argument("number", help="module number, e.g. 6.1")
        if name in ("person", "ego"):
            what = "a name" if name == "person" else "a person's or organisation's name"
            action.add_argument("name", help=f"{what} (accents and case ignored), slug or IRI")
        if name == "ego":
            action.add_argument(
                "--radius", type=int, default=1, help="steps from the node, 1 to 3 (default 1)"
            )
        if name == "export":
            action.add_argument("--format", choices=sorted(FORMATS), required=True)
            action.add_argument("-o", "--output", help="output file (default: standard output)")
        else:
            action.add_argument("--json", action="store_true", help="print JSON instead of text")
        action.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.coi_command == "ego" and not 1 <= args.radius <= MAX_RADIUS:
        print(f"gkg coi: error: radius must be 1 to {MAX_RADIUS}", file=sys.stderr)
        return 2
    try:
        network = _load(args.store)
        if args.coi_command == "export":
            data = export_bytes(network.graph, args.format)
            if args.output:
                with open(args.output, "wb") as handle:
                    handle.write(data)
            else:
                sys.stdout.buffer.write(data)
            return 0
        if args.coi_command == "summary":
            result: dict[str, Any] = summary(network)
            text = format_summary
        elif args.coi_command == "module":
            result, text = module_report(network, args.number), format_module
        elif args.coi_command == "ego":
            result, text = ego_report(network, args.name, args.radius), format_ego
        else:
            result, text = person_report(network, args.name), format_person
    except (NotFound, NetworkQueryError, BackendError) as error:
        message = error.args[0] if isinstance(error, NotFound) else str(error)
        print(f"gkg coi: error: {message}", file=sys.stderr)
        return 2
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(text(result))
    return 0


MAX_RADIUS = 3  # as /api/coi/ego


def ego_report(network: CoiNetwork, query: str, radius: int) -> dict[str, Any]:
    """The ego network as /api/coi/ego answers it: the node, its radius, Cytoscape.js elements."""
    node = find_node(network, query)
    return {"node": node, "radius": radius, **cytoscape_json(ego_network(network, node, radius))}


def _load(store: str | None) -> CoiNetwork:
    from service.store.local_backend import LocalBackend

    backend = LocalBackend(store_root(store), processes=1)
    try:
        return load_network(backend)
    finally:
        backend.close()


def lines(span: list[int] | tuple[int, int]) -> str:
    first, last = span
    return f"l.{first}" if first == last else f"l.{first}-{last}"


def _spans(ties: list[dict]) -> str:
    return ", ".join(lines(span) for span in sorted({tuple(t["lines"]) for t in ties}))


def _tie_line(tie: dict) -> str:
    parts = [tie["person_name"], "-", tie["organisation_name"] or "(no organisation named)"]
    details = [tie["kind"]]
    if tie["project"]:
        details.append(f"project {tie['project']}")
    if tie["role"]:
        details.append(tie["role"])
    if tie["paid"] is not None:
        details.append("paid" if tie["paid"] else "unpaid")
    return f"{' '.join(parts)} ({', '.join(details)}; {lines(tie['lines'])})"


def _organisation_line(entry: dict) -> str:
    spans = ", ".join(lines(span) for span in entry["lines"])
    return f"{entry['name']} [{entry['org_kind']}]: {', '.join(entry['names'])} ({spans})"


def format_module(report: dict) -> str:
    out = [f"Module {report['module']} {report['title']}"]
    groups: dict[str, int] = {}
    for member in report["panel"]:
        groups[member["group"]] = groups.get(member["group"], 0) + 1
    seats = ", ".join(f"{count} {group}" for group, count in sorted(groups.items()))
    counts = (len(report["panel"]), len(report["declarations"]), report["declared_interests"])
    out.append(
        f"  panel: {counts[0]} seats ({seats}); {counts[1]} declarations, {counts[2]} declared "
        f"interests, {report['ties']} ties to named organisations"
    )
    out.append(
        f"  industry ({len(report['industry'])} companies, {len(report['industry_ties'])} ties):"
    )
    out += [f"    {_organisation_line(entry)}" for entry in report["industry"]] or ["    none"]
    out.append(f"  research funders ({len(report['funders'])}, {len(report['funder_ties'])} ties):")
    out += [f"    {_organisation_line(entry)}" for entry in report["funders"]] or ["    none"]
    out.append(f"  topic concepts: {', '.join(report['topic']) or 'none'}")
    out.append(f"  ties concerning the topic ({len(report['topic_ties'])}):")
    for tie in report["topic_ties"]:
        via = ", ".join(
            sorted(
                {
                    f"{m['concept']} -> {m['topic']}" if m["concept"] != m["topic"] else m["topic"]
                    for m in tie["matches"]
                }
            )
        )
        out.append(f"    {_tie_line(tie)} via {via}")
    if not report["topic_ties"]:
        out.append("    none found through the concept scheme")
    shared = report["shared_organisations"]
    out.append(f"  organisations tied to more than one panel member ({len(shared)}):")
    for entry in report["shared_organisations"]:
        people = "; ".join(
            f"{p['name']} ({'/'.join(p['kinds'])}, {_spans(p['ties'])})" for p in entry["people"]
        )
        out.append(f"    {entry['name']} [{entry['org_kind']}]: {people}")
    out.append(
        f"  declared interests naming no known organisation: {len(report['unlinked_interests'])}"
    )
    return "\n".join(out) + "\n"


def format_summary(result: dict) -> str:
    nodes = ", ".join(f"{count} {kind}" for kind, count in result["nodes"].items())
    edges = ", ".join(f"{count} {kind}" for kind, count in result["edges"].items())
    out = [
        f"Conflict-of-interest network: {nodes}",
        f"Edges: {edges}",
        f"{result['declarations']} declarations, {result['declared_interests']} declared interests",
        "",
    ]
    for report in result["modules"]:
        out.append(format_module(report))
    out.append("Organisations tied to more than one person (all modules):")
    for entry in result["shared_organisations"]:
        names = ", ".join(p["name"] for p in entry["people"])
        out.append(f"  {entry['name']} [{entry['org_kind']}]: {names}")
    out.append("Most central (betweenness, then degree, in the person-organisation tie graph):")
    for row in result["centrality"]:
        out.append(
            f"  {row['label']} ({row['type']}): betweenness {row['betweenness']:.3f}, "
            f"degree {row['degree']}, {row['interests']} interests"
        )
    out.append("Communities of people sharing organisations (Louvain, fixed seed):")
    for index, community in enumerate(result["communities"], start=1):
        out.append(f"  {index}. {', '.join(community['names'])}")
        out.append(f"     through {', '.join(community['shared_organisation_names'])}")
    return "\n".join(out) + "\n"


def format_person(report: dict) -> str:
    out = [report["name"]]
    for seat in report["panels"]:
        out.append(
            f"  panel {seat['module']}: {seat['group']}, {seat['role']} ({lines(seat['lines'])})"
        )
    module = None
    declared = report["ties"] + report["unlinked_interests"]
    for tie in sorted(declared, key=lambda t: (number_key(t["module"]), t["lines"][0])):
        if tie["module"] != module:
            module = tie["module"]
            out.append(f"  declared in module {module}:")
        out.append(f"    {_tie_line(tie)}")
    if report["centrality"]:
        c = report["centrality"]
        out.append(f"  degree {c['degree']}, betweenness {c['betweenness']:.3f}")
    return "\n".join(out) + "\n"


def format_ego(report: dict) -> str:
    """The node, then its neighbourhood (by type and name), then each edge with its lines."""
    nodes = {n["data"]["id"]: n["data"] for n in report["elements"]["nodes"]}
    edges = [e["data"] for e in report["elements"]["edges"]]
    ego = nodes[report["node"]]
    steps = "step" if report["radius"] == 1 else "steps"
    out = [
        f"{ego['name']} ({ego['type']}) and everything within {report['radius']} {steps}: "
        f"{len(nodes) - 1} nodes, {len(edges)} edges"
    ]
    others = sorted((d for n, d in nodes.items() if n != report["node"]), key=_node_order)
    out += [f"  {_node_line(data)}" for data in others]
    out.append("  edges:")
    for edge in sorted(edges, key=lambda e: (_edge_lines(e), e["kind"], e["id"])):
        source, target = nodes[edge["source"]]["name"], nodes[edge["target"]]["name"]
        out.append(f"    {source} -> {target}: {_edge_details(edge)}")
    return "\n".join(out) + "\n"


def _node_order(data: dict) -> tuple:
    return (data["type"], number_key(data.get("number", "")), data["name"].casefold())


def _node_line(data: dict) -> str:
    kind = data["type"] if data["type"] != "organisation" else f"organisation, {data['org_kind']}"
    return f"{data['name']} [{kind}]"


def _edge_lines(edge: dict) -> tuple[int, int]:
    return (edge.get("first_line", 0), edge.get("last_line", 0))


def _edge_details(edge: dict) -> str:
    details = [edge["kind"]]
    if edge.get("module"):
        details.append(f"module {edge['module']}")
    details += [edge[key] for key in ("group", "role", "project") if edge.get(key)]
    if "paid" in edge:
        details.append("paid" if edge["paid"] else "unpaid")
    if "first_line" in edge:
        details.append(lines((edge["first_line"], edge["last_line"])))
    return ", ".join(details)
