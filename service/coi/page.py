"""The conflict-of-interest network page at /network: an interactive graph (Cytoscape.js,
vendored) of people, organisations and modules, filterable by module and tie kind, with
the network analyses beside it.

The page is a shell: static/network.js reads the network from the JSON API of
service.coi.api (`/api/coi/export.json`, `/api/coi/centrality`, `/api/coi/communities`)
and filters it in the browser.  `?module=10.1.1&kind=employment&kind=...` preselects;
`?ego=Agnes Jager&radius=1` shows one person's or organisation's ego network
(`/api/coi/ego`).  Node shapes and colours (NODE_STYLES) tell people, companies, funders,
societies, hospitals and modules apart; the legend and the script share them.  Beside the
drawing, a list of organisations and the people tied to them is the text equivalent (and
what a phone reads).
"""

from __future__ import annotations

from flask import Blueprint, render_template, request

from service.coi.analysis import module_numbers
from service.coi.api import get_network
from service.coi.network import INTEREST_KINDS, ORGANISATION_KINDS, NetworkQueryError
from service.sparql.querying import select_rows
from service.web.i18n import translate

bp = Blueprint("network_page", __name__)

CYTOSCAPE = "vendor/cytoscape-3.35.0/cytoscape.min.js"
TIE_KINDS = (
    "panel-member", "represents", "employment", "board-or-committee", "research-funding",
    "personal-financial", "personal-relation", "side-activity", "intellectual", "other",
    "part-of",
)  # fmt: skip
NODE_STYLES = (  # (category, Cytoscape shape, colour, label key); organisations by their kind
    ("person", "ellipse", "#1f5fa8", "legend_person"),
    ("company", "diamond", "#c0392b", "legend_company"),
    ("charity", "triangle", "#1e7b45", "legend_charity"),
    ("government", "vee", "#5d7a12", "legend_government"),
    ("professional-society", "hexagon", "#7d3c98", "legend_professional-society"),
    ("patient-organisation", "star", "#b9540f", "legend_patient-organisation"),
    ("hospital", "rectangle", "#2c3e50", "legend_hospital"),
    ("knowledge-institute", "pentagon", "#117a65", "legend_knowledge-institute"),
    ("other", "ellipse", "#7f8c8d", "legend_other"),
    ("module", "round-rectangle", "#9a7d0a", "legend_module"),
    ("guideline", "round-rectangle", "#6b4fa0", "legend_guideline"),
)
MODULES = """
SELECT ?number WHERE { ?module a <https://w3id.org/gkg/ontology#Module> ;
  <https://w3id.org/gkg/ontology#moduleNumber> ?number } ORDER BY ?number
"""


@bp.get("/network")
def network() -> str:
    chosen = [kind for kind in request.args.getlist("kind") if kind in TIE_KINDS]
    return render_template(
        "network.html",
        modules=_module_names(),
        module=request.args.get("module", ""),
        kinds=TIE_KINDS,
        chosen=chosen or list(TIE_KINDS),
        cytoscape=CYTOSCAPE,
        styles=NODE_STYLES,
        kind_labels={kind: translate(f"tie_{kind}") for kind in (*TIE_KINDS, *INTEREST_KINDS)},
        org_labels={
            kind: translate(f"org_{kind}") for kind in (*ORGANISATION_KINDS.values(), "other")
        },
        ego=request.args.get("ego", ""),
        radius=request.args.get("radius", "1"),
    )


def _module_names() -> list[str]:
    """The modules as the network names them: '6.1', or 'longkanker/6.1' where several
    guidelines number a module alike, or a module's slug; the numbers alone if it fails."""
    try:
        return module_numbers(get_network())
    except NetworkQueryError:
        return [row["number"]["value"] for row in select_rows(MODULES)]


SHAPE_PATHS = {  # legend symbols in a 16 x 16 box, drawn like Cytoscape's node shapes
    "ellipse": "M1 8a7 7 0 1 0 14 0a7 7 0 1 0 -14 0z",
    "diamond": "M8 1L15 8L8 15L1 8z",
    "triangle": "M8 1L15 15H1z",
    "vee": "M1 2L8 6L15 2L8 15z",
    "hexagon": "M4 1.5H12L15.5 8L12 14.5H4L0.5 8z",
    "star": "M8 .8L10 6H15.6L11.1 9.3L12.8 15L8 11.6L3.2 15L4.9 9.3L.4 6H6z",
    "rectangle": "M2 2H14V14H2z",
    "pentagon": "M8 1L15 6.5L12.3 15H3.7L1 6.5z",
    "round-rectangle": "M4 2H12A2 2 0 0 1 14 4V12A2 2 0 0 1 12 14H4A2 2 0 0 1 2 12V4A2 2 0 0 1 4 2z",  # noqa: E501
}


@bp.app_template_filter("shape_path")
def shape_path(shape: str) -> str:
    return SHAPE_PATHS.get(shape, SHAPE_PATHS["ellipse"])
