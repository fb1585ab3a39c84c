"""Named queries: `queries/<name>.rq` files with a `#+` YAML header.

A query file starts with comment lines holding YAML, then the SPARQL text:

    #+ summary: Recommendations of a module
    #+ description: Each recommendation with its strength and direction.
    #+ tags: [recommendations]
    #+ params:
    #+   - name: module
    #+     type: iri
    #+     required: true
    #+     example: https://w3id.org/gkg/module/10.1.1
    SELECT ?recommendation WHERE { ?recommendation gkg:module ?module }

Parameters are bound as RDF terms in a VALUES block (service.queries.binding), never pasted
into the query text.  A malformed header, an unknown key, or a parameter that the body
does not use is a `QueryFileError`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from loaders import paths
from service.queries.binding import TermError, iri, literal

QUERIES_DIR = paths.QUERIES_DIR
HEADER_KEYS = {"summary", "description", "tags", "params", "endpoint_note"}
REQUIRED_KEYS = {"summary", "description", "params"}
PARAM_KEYS = {"name", "type", "required", "default", "example", "allowed", "description"}
XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = {"iri", "literal", "string", "integer", "decimal", "boolean", "date"}
_NAME = re.compile(r"^[a-z][a-z0-9_-]*$")


class QueryFileError(ValueError):
    """A named query file is malformed: names the file and line."""


class ParameterError(ValueError):
    """A parameter value is missing or not of its declared type."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"parameter '{name}': {message}")
        self.name = name


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool = False
    default: str | None = None
    example: str | None = None
    allowed: tuple[str, ...] = ()
    description: str = ""

    def to_term(self, value: str) -> str:
        """The value as an RDF term in N-Triples syntax, checked against the declared type."""
        if self.allowed and value not in self.allowed:
            raise ParameterError(self.name, f"must be one of {', '.join(self.allowed)}")
        if self.type == "iri":
            if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*", value):
                raise ParameterError(self.name, 'must be an absolute IRI without spaces or <>"{}')
        try:
            if self.type == "iri":
                return iri(value)
            if self.type in ("literal", "string"):
                return literal(value)
        except TermError as error:
            raise ParameterError(self.name, str(error)) from None
        if self.type == "integer":
            if not re.fullmatch(r"[+-]?\d+", value):
                raise ParameterError(self.name, "must be an integer")
            return f'"{int(value)}"^^<{XSD}integer>'
        if self.type == "decimal":
            try:
                number = Decimal(value)
            except InvalidOperation:
                raise ParameterError(self.name, "must be a decimal number") from None
            if not number.is_finite():
                raise ParameterError(self.name, "must be a finite decimal number")
            return f'"{number}"^^<{XSD}decimal>'
        if self.type == "boolean":
            if value not in ("true", "false"):
                raise ParameterError(self.name, "must be true or false")
            return f'"{value}"^^<{XSD}boolean>'
        if self.type == "date":
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
                raise ParameterError(self.name, "must be a date YYYY-MM-DD")
            return f'"{value}"^^<{XSD}date>'
        raise ParameterError(self.name, f"has unknown type {self.type}")


@dataclass(frozen=True)
class NamedQuery:
    name: str
    path: Path
    summary: str
    description: str
    sparql: str
    tags: tuple[str, ...] = ()
    params: tuple[Parameter, ...] = field(default_factory=tuple)

    def bind(self, values: dict[str, str]) -> dict[str, str]:
        """Bindings (variable -> checked N-Triples term) for the given raw values."""
        unknown = sorted(set(values) - {param.name for param in self.params})
        if unknown:
            raise ParameterError(unknown[0], "is not a parameter of this query")
        bound: dict[str, str] = {}
        for param in self.params:
            value = values.get(param.name)
            if value in (None, ""):
                value = param.default
            if value in (None, ""):
                if param.required:
                    raise ParameterError(param.name, "is required")
                continue
            bound[param.name] = param.to_term(str(value))
        return bound

    def example_values(self) -> dict[str, str]:
        return {p.name: p.example for p in self.params if p.example is not None}


def parse_query_file(path: Path) -> NamedQuery:
    """Read one `.rq` file; raise QueryFileError naming the file and line when malformed."""
    text = path.read_text("utf-8")
    header_lines: list[str] = []
    body_start = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if line.startswith("#+"):
            header_lines.append(line[2:].removeprefix(" "))
            body_start = number
        elif line.strip() == "" or line.startswith("#"):
            continue
        else:
            break
    if not header_lines:
        raise QueryFileError(f"{path}, line 1: no '#+' header (summary, description, params)")
    try:
        header = yaml.safe_load("\n".join(header_lines)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = (mark.line + 1) if mark else 1
        raise QueryFileError(f"{path}, line {line}: header is not valid YAML: {error}") from None
    if not isinstance(header, dict):
        raise QueryFileError(f"{path}, line 1: header must be a YAML mapping")
    _check_keys(path, header)
    body = "\n".join(text.splitlines()[body_start:]).strip() + "\n"
    params = tuple(_parse_param(path, raw) for raw in header.get("params") or [])
    for param in params:
        if not re.search(rf"[?$]{re.escape(param.name)}\b", body):
            raise QueryFileError(f"{path}: parameter '{param.name}' is not used in the query body")
    tags = header.get("tags") or []
    return NamedQuery(
        name=path.stem,
        path=path,
        summary=str(header["summary"]),
        description=str(header["description"]).strip(),
        sparql=body,
        tags=tuple(str(tag) for tag in tags),
        params=params,
    )


def _check_keys(path: Path, header: dict[str, Any]) -> None:
    unknown = sorted(set(header) - HEADER_KEYS)
    if unknown:
        raise QueryFileError(f"{path}: unknown header key(s): {', '.join(unknown)}")
    missing = sorted(REQUIRED_KEYS - set(header))
    if missing:
        raise QueryFileError(f"{path}: missing header key(s): {', '.join(missing)}")


def _parse_param(path: Path, raw: Any) -> Parameter:
    if not isinstance(raw, dict):
        raise QueryFileError(f"{path}: each parameter must be a mapping with name and type")
    unknown = sorted(set(raw) - PARAM_KEYS)
    if unknown:
        raise QueryFileError(f"{path}: unknown parameter key(s): {', '.join(unknown)}")
    name = str(raw.get("name", ""))
    if not _NAME.match(name):
        raise QueryFileError(f"{path}: parameter name '{name}' is not a valid variable name")
    kind = str(raw.get("type", "literal"))
    if kind not in PARAM_TYPES:
        raise QueryFileError(f"{path}: parameter '{name}' has unknown type '{kind}'")

    def text(key: str) -> str | None:
        return None if raw.get(key) is None else str(raw[key])

    return Parameter(
        name=name,
        type=kind,
        required=bool(raw.get("required", False)),
        default=text("default"),
        example=text("example"),
        allowed=tuple(str(value) for value in raw.get("allowed") or ()),
        description=str(raw.get("description", "")),
    )


def load_library(directory: Path = QUERIES_DIR) -> dict[str, NamedQuery]:
    """Every named query in `directory`, by name; raises on the first malformed file."""
    return {path.stem: parse_query_file(path) for path in sorted(directory.glob("*.rq"))}
