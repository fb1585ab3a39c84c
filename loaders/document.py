"""Parsing a whole source document into a `Document` of records.

    >>> from pathlib import Path
    >>> document = parse_document(Path("data/source/borstkanker-cluster-3a-2026.txt"))
    >>> [module.number for module in document.modules]
    ['10.1.1', '9.2.3', '6.1']

The document is split into sections by their headings (see `sections`); each
section kind has its own parser.  Nothing here depends on the order of the
sections beyond "a module belongs to the guideline whose start page precedes it".
"""

from __future__ import annotations

from pathlib import Path

from .accountability import parse_accountability
from .completeness import as_problems, check_modules, check_outline, refuse
from .errors import SourceError
from .front import parse_front, parse_guideline
from .module_body import parse_module_body
from .people import PeopleRegistry, parse_composition
from .records import Document, Guideline, Module, Problem, Span
from .sections import Section, split_sections
from .text import read_source


def parse_document(path: Path, *, allow_partial: bool = False) -> Document:
    """Parse one export; raise `SourceError` when it holds no recognisable module.

    A document that is plainly cut or repeated (see `completeness`) is refused with
    `IncompleteSource`, its outline before the costly parsing; with `allow_partial` it is
    parsed anyway and the findings become data-quality problems of the document.
    """
    source, lines = read_source(path)
    sections = split_sections(lines)
    gaps = check_outline(sections, len(lines))
    if not allow_partial:
        refuse(str(path), gaps)
    registry = PeopleRegistry()
    problems: list[Problem] = []
    cluster = None
    guidelines: list[Guideline] = []
    modules: dict[str, Module] = {}
    memberships = []
    current_guideline: Guideline | None = None

    for section in sections:
        if section.kind == "front":
            cluster = parse_front(section) or cluster
        elif section.kind == "composition":
            found, found_problems = parse_composition(section, registry)
            memberships.extend(found)
            problems.extend(found_problems)
        elif section.kind == "guideline":
            current_guideline = parse_guideline(section)
            guidelines.append(current_guideline)
        elif section.kind in ("accountability", "module"):
            module = _module_for(section, modules, current_guideline)
            if section.kind == "accountability":
                module.accountability_span = section.span
                problems.extend(parse_accountability(section, module, registry))
            else:
                module.span = section.span
                module.title = section.title
                problems.extend(parse_module_body(section, module))

    _require_modules(path, len(lines), modules)
    gaps += check_modules(modules.values())
    if not allow_partial:
        refuse(str(path), gaps)
    problems.extend(as_problems(gaps))
    for module in modules.values():
        guideline = next((g for g in guidelines if g.key == module.guideline_key), None)
        if guideline is not None and module.number not in guideline.module_numbers:
            guideline.module_numbers.append(module.number)
    problems.extend(registry.problems())
    return Document(
        source=source,
        cluster=cluster,
        guidelines=guidelines,
        modules=list(modules.values()),
        people=registry.people(),
        organisations=registry.organisations(),
        memberships=memberships,
        problems=problems,
    )


def _module_for(
    section: Section, modules: dict[str, Module], guideline: Guideline | None
) -> Module:
    module = modules.get(section.number)
    if module is None:
        module = Module(
            number=section.number,
            title=section.title,
            guideline_key=guideline.key if guideline else "",
            span=section.span,
        )
        modules[section.number] = module
    return module


def _require_modules(path: Path, line_count: int, modules: dict[str, Module]) -> None:
    """Refuse a file with no module at all."""
    if modules:
        return
    raise SourceError(
        str(path),
        line_count,
        "no guideline module found: the file has no heading 'Module <number> <title>' "
        "or 'Verantwoording module <number> <title>', so it is not a Richtlijnendatabase "
        "export (or it was cut off before its first module)",
    )


__all__ = ["parse_document", "Span"]
