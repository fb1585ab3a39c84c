"""Named-query parameters given by name: `module=6.1`, `person=Agnes Jager`, `tracer=FDG`.

An `iri` parameter accepts an absolute IRI, or a module number, notation, label, name or
the IRI's last segment, which is looked up among the IRIs of the parameter's kind (the
namespace of its example: `https://w3id.org/gkg/module/` for a module) in the release's
name index (service.store.search_index).  Exactly one match is used; none, or several, is a
ParameterError that lists the candidates.

    resolve_names(query, {"module": "6.1"}, base_iri, index)
    -> {"module": "https://w3id.org/gkg/module/6.1"}
"""

from __future__ import annotations

import re
from pathlib import Path

from service.queries.library import NamedQuery, Parameter, ParameterError
from service.store.search_index import complete, lookup

ABSOLUTE_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S*")
SHOWN_CANDIDATES = 5


def namespace_of(param: Parameter, base_iri: str) -> str:
    """The IRIs a parameter takes: its example's kind under the base, else its namespace."""
    example = param.example or ""
    if not example:
        return ""
    if example.startswith(base_iri) and "/" in example[len(base_iri) :]:
        return base_iri + example[len(base_iri) :].split("/", 1)[0] + "/"
    if "#" in example:
        return example.split("#", 1)[0] + "#"
    return example.rsplit("/", 1)[0] + "/"


def names_given(query: NamedQuery, values: dict[str, str]) -> bool:
    """Whether any `iri` parameter was given a name rather than an IRI."""
    return any(_is_name(param, values.get(param.name, "")) for param in query.params)


def _is_name(param: Parameter, value: str) -> bool:
    value = value.strip()
    return (
        param.type == "iri"
        and bool(value)
        and not param.allowed
        and not ABSOLUTE_IRI.fullmatch(value)
    )


def resolve_names(
    query: NamedQuery, values: dict[str, str], base_iri: str, index: Path
) -> dict[str, str]:
    """`values` with every name given for an `iri` parameter replaced by its IRI."""
    resolved = dict(values)
    for param in query.params:
        value = values.get(param.name, "").strip()
        if not _is_name(param, value):
            continue
        namespace = namespace_of(param, base_iri)
        found = lookup(index, value, namespace)
        if len(found) == 1:
            resolved[param.name] = found[0][0]
            continue
        if found:
            raise ParameterError(param.name, f"'{value}' names several: {_listed(found)}")
        offers = complete(index, value, namespace, limit=SHOWN_CANDIDATES)
        hint = f"; did you mean {_listed(offers)}?" if offers else ""
        raise ParameterError(
            param.name, f"nothing in {namespace or 'the graph'} is named '{value}'{hint}"
        )
    return resolved


def _listed(found: list[tuple[str, str]]) -> str:
    shown = [f"{name} <{iri}>" for iri, name in found[:SHOWN_CANDIDATES]]
    more = len(found) - SHOWN_CANDIDATES
    return ", ".join(shown) + (f" and {more} more" if more > 0 else "")
