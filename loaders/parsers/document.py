"""Parsing a whole text export into a `Document` of records.

    >>> from pathlib import Path
    >>> document = parse_document(Path("data/source/borstkanker-cluster-3a-2026.txt"))
    >>> [module.key for module in document.modules]
    ['borstkanker/10.1.1', 'borstkanker/9.2.3', 'borstreconstructie/6.1']

The document is split into sections by their headings (see `sections`); each
section kind has its own parser.  Nothing here depends on the order of the
sections beyond "a module belongs to the guideline whose start page precedes it".
A module is known by its guideline and its number (`Module.key`); a module without a
number by a slug of its title.  A module found twice in one guideline is refused.
"""

from __future__ import annotations

from pathlib import Path

from loaders.completeness import as_problems, check_modules, check_outline, refuse
from loaders.errors import SourceError
from loaders.layout import text_layout
from loaders.memo import forget
from loaders.parsers.accountability import parse_accountability
from loaders.parsers.front import parse_front, parse_guideline
from loaders.parsers.module_body import parse_module_body
from loaders.parsers.people import PeopleRegistry, parse_composition
from loaders.parsers.sections import Section, split_sections
from loaders.parsers.text import Line, read_source
from loaders.records import Document, Guideline, Module, Problem, Span
from loaders.slugs import module_slug, slugify

ENGLISH_HEADINGS = frozenset(
    {"recommendation", "recommendations", "clinical question", "considerations", "references"}
)
DUTCH_HEADINGS = frozenset({"aanbeveling", "aanbevelingen", "uitgangsvraag", "literatuur"})


def parse_document(path: Path, *, allow_partial: bool = False) -> Document:
    """Parse one export; raise `SourceError` when it holds no recognisable module.

    A document that is plainly cut or repeated (see `completeness`) is refused with
    `IncompleteSource`, its outline before the costly parsing; with `allow_partial` it is
    parsed anyway and the findings become data-quality problems of the document.
    """
    forget()  # memos of the document read before
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
    with_text: dict[str, Section] = {}

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
            if current_guideline is None:
                current_guideline = _implied_guideline(path, section, problems)
                guidelines.append(current_guideline)
            module = _module_for(section, modules, current_guideline)
            if section.kind == "accountability":
                module.accountability_span = section.span
                problems.extend(parse_accountability(section, module, registry))
            else:
                _refuse_second_text(path, module, with_text.get(module.key), section)
                with_text[module.key] = section
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
        if guideline is not None and module.key not in guideline.module_keys:
            guideline.module_keys.append(module.key)
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
        language=document_language(lines),
        layout=text_layout(lines, sections),
    )


def document_language(lines: list[Line]) -> str:
    """'en' when the document's part headings are English rather than Dutch, else 'nl'."""
    english = dutch = 0
    for line in lines:
        heading = line.text.lower().rstrip(":").strip()
        english += heading in ENGLISH_HEADINGS
        dutch += heading in DUTCH_HEADINGS
    return "en" if english > dutch else "nl"


def _implied_guideline(path: Path, section: Section, problems: list[Problem]) -> Guideline:
    """A document whose modules come before any guideline start page: a guideline named
    after the file, reported as a problem so that the user can add the start page."""
    title = path.stem
    span = Span(section.span.first, section.span.first)
    message = (
        f"Module '{section.title}' comes before any guideline start page ('Startpagina "
        f"richtlijn ...'); it is placed in a guideline named after the file, '{title}'."
    )
    problems.append(Problem("module-without-guideline", message, span))
    return Guideline(key=slugify(title) or "guideline", title=title, span=span)


def _module_for(section: Section, modules: dict[str, Module], guideline: Guideline) -> Module:
    """The module a section belongs to: by number, or for one without, by its title's slug.

    A module text without a number takes over an accountability section without a number
    that has no module text yet (the 'Verantwoording' comes first, under a shorter title).
    """
    number = section.number
    slug = "" if number else module_slug(section.title)
    probe = Module(number, section.title, guideline.key, section.span, slug=slug)
    module = modules.get(probe.key)
    if module is None and not number and section.kind == "module":
        module = next(
            (
                m
                for m in modules.values()
                if not m.number
                and m.guideline_key == guideline.key
                and m.span == m.accountability_span
            ),
            None,
        )
    if module is None:
        module = probe
        modules[module.key] = module
    return module


def _refuse_second_text(path: Path, module: Module, first: Section | None, second: Section) -> None:
    if first is None:
        return
    raise SourceError(
        str(path),
        second.span.first,
        f"module {module.ident} '{second.title}' of guideline '{module.guideline_key}' "
        f"appears twice: its text starts at line {first.span.first} and again at line "
        f"{second.span.first}; remove one, or give the second its own number",
    )


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
