"""The conflict-of-interest network page at /network: an interactive graph (Cytoscape.js,
vendored) of people, organisations and modules, filterable by module and tie kind, with
the network analyses beside it.

The page is a shell: static/network.js reads the network from the JSON API of
service.coi_api (`/api/coi/export.json`, `/api/coi/centrality`, `/api/coi/communities`)
and filters it in the browser.  `?module=10.1.1&kind=employment&kind=...` preselects.
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from .querying import select_rows

bp = Blueprint("network_page", __name__)

CYTOSCAPE = "vendor/cytoscape-3.35.0/cytoscape.min.js"
TIE_KINDS = (
    "panel-member", "represents", "employment", "board-or-committee", "research-funding",
    "personal-financial", "side-activity", "part-of",
)  # fmt: skip
MODULES = """
SELECT ?number WHERE { ?module a <https://w3id.org/gkg/ontology#Module> ;
  <https://w3id.org/gkg/ontology#moduleNumber> ?number } ORDER BY ?number
"""


@bp.get("/network")
def network() -> str:
    chosen = [kind for kind in request.args.getlist("kind") if kind in TIE_KINDS]
    return render_template(
        "network.html",
        modules=[row["number"]["value"] for row in select_rows(MODULES)],
        module=request.args.get("module", ""),
        kinds=TIE_KINDS,
        chosen=chosen or list(TIE_KINDS),
        cytoscape=CYTOSCAPE,
    )
