"""Today's IRIs stay resolvable after module IRIs were scoped by guideline (issue 13).

Until then a module was named by its number alone (`…/module/10.1.1`), and so was
everything in it (`…/recommendation/10.1.1-1`, `…/finding/10.1.1/…`,
`…/declaration/10.1.1/…`, `…/membership/10.1.1/…`); cluster memberships had no cluster
(`…/membership/cluster/steering/<person>`) and data-quality findings no document
(`…/problem/<kind>/<lines>`).  Now the guideline, cluster and document are part of the IRI.

A request for an old IRI is answered with a permanent redirect to the new one when the
store makes it unambiguous: the module number belongs to one module, the store holds one
cluster and one source document.

    >>> rewrite_legacy("https://w3id.org/gkg/recommendation/10.1.1-2",
    ...                {"modules": {"10.1.1": "borstkanker"}})
    'https://w3id.org/gkg/recommendation/borstkanker/10.1.1-2'
    >>> rewrite_legacy("https://w3id.org/gkg/problem/name-variant/285-298",
    ...                {"source": "cd1d8d8584518336"})
    'https://w3id.org/gkg/problem/cd1d8d8584518336/name-variant/285-298'
    >>> rewrite_legacy("https://w3id.org/gkg/module/borstkanker/10.1.1", {"modules": {}})
    'https://w3id.org/gkg/module/borstkanker/10.1.1'
"""

from __future__ import annotations

import re
from typing import Any

from flask import current_app, redirect, request
from werkzeug.wrappers import Response

from service.sparql.querying import select_rows

_NUMBER = r"\d+(?:\.\d+)*"
_BY_MODULE = re.compile(
    rf"/(?P<kind>module|finding|membership|declaration)/(?P<number>{_NUMBER})(?=/|$)"
)
_RECOMMENDATION = re.compile(rf"/recommendation/(?P<number>{_NUMBER})-(?P<index>\d+)(?=/|$)")
_CLUSTER_MEMBERSHIP = re.compile(r"/membership/cluster/(?P<rest>[^/]+/[^/]+)$")
_PROBLEM = re.compile(r"/problem/(?P<rest>[a-z][a-z0-9-]*/\d+-\d+(?:-\d+)?)$")
LEGACY = (_BY_MODULE, _RECOMMENDATION, _CLUSTER_MEMBERSHIP, _PROBLEM)
WHAT_IS_KNOWN = """
PREFIX gkg: <https://w3id.org/gkg/ontology#>
SELECT ?module ?number ?source ?cluster WHERE {
  { ?module a gkg:Module ; gkg:moduleNumber ?number }
  UNION { ?source a gkg:SourceDocument }
  UNION { ?cluster a gkg:Cluster }
}"""


def rewrite_legacy(iri: str, known: dict[str, Any]) -> str:
    """The new IRI of an old one, given what is unambiguous in the store (else unchanged).

    `known`: 'modules' (module number -> guideline key, for numbers of one module only),
    'source' (the id of the one source document), 'cluster' (the one cluster's key).
    """
    modules = known.get("modules", {})

    def by_module(match: re.Match[str]) -> str:
        guideline = modules.get(match["number"])
        if guideline is None:
            return match.group()
        return f"/{match['kind']}/{guideline}/{match['number']}"

    def recommendation(match: re.Match[str]) -> str:
        guideline = modules.get(match["number"])
        if guideline is None:
            return match.group()
        return f"/recommendation/{guideline}/{match['number']}-{match['index']}"

    iri = _BY_MODULE.sub(by_module, iri, count=1)
    iri = _RECOMMENDATION.sub(recommendation, iri, count=1)
    if known.get("cluster"):
        iri = _CLUSTER_MEMBERSHIP.sub(f"/membership/cluster/{known['cluster']}/\\g<rest>", iri)
    if known.get("source"):
        iri = _PROBLEM.sub(f"/problem/{known['source']}/\\g<rest>", iri)
    return iri


def known_in_store(base: str) -> dict[str, Any]:
    """What makes old IRIs unambiguous in the served store (see `rewrite_legacy`)."""
    numbers: dict[str, list[str]] = {}
    sources, clusters = set(), set()
    for row in select_rows(WHAT_IS_KNOWN):
        found = {name: binding["value"] for name, binding in row.items()}
        if "module" in found:
            key = found["module"].removeprefix(f"{base}module/")
            guideline, _, number = key.rpartition("/")
            if guideline and number == found["number"]:
                numbers.setdefault(number, []).append(guideline)
        if "source" in found:
            sources.add(found["source"].rsplit("/", 1)[-1])
        if "cluster" in found:
            clusters.add(found["cluster"].rsplit("/", 1)[-1])
    return {
        "modules": {number: found[0] for number, found in numbers.items() if len(found) == 1},
        "source": sources.pop() if len(sources) == 1 else "",
        "cluster": clusters.pop() if len(clusters) == 1 else "",
    }


def legacy_redirect(path: str, suffix: str = "") -> Response | None:
    """A 301 to the new address of an old resource path (without its RDF suffix such as
    '.ttl', given apart), or None when it is no old path or names no one resource."""
    if not any(pattern.search(path) for pattern in LEGACY):
        return None
    base = current_app.config["GKG_BASE_IRI"]
    new = rewrite_legacy(path, known_in_store(base))
    if new == path:
        return None
    query = request.query_string.decode("latin-1")
    return redirect(new + suffix + (f"?{query}" if query else ""), code=301)
