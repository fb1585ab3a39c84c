"""A module's 'Literatuur' list: one `Reference` per entry, with its bibliographic fields.

Entries wrap over several lines and across page breaks, where the export puts a
margin number (and a "- ") in front of the continuation.  A line starts a new entry
when the entry before it has ended and the line reads like the start of one, or when
it starts with the entry's number in a numbered list ('1.', '[1]', '1)'); the number is
kept as the entry's `label` (numeric citations such as '[1, 2]' cite by it).  Authors
followed by the year in parentheses ('Visser MJ, Bos T (2019) Title. Journal 130:15-21.')
are read too.

    >>> ref = parse_entry("Xia L, Lai J. A meta-analysis. *Radiol Oncol*. 2023 Jul;57(3):299-309. "
    ...                   "doi: 10.2478/raon-2023-0037. PMID: 37494596.", Span(1, 1))
    >>> (ref.key, ref.authors, ref.journal, ref.year, ref.volume, ref.issue, ref.pages)
    ('xia-2023', ['Xia L', 'Lai J'], 'Radiol Oncol', 2023, '57', '3', '299-309')
    >>> (ref.doi, ref.pmid)
    ('10.2478/raon-2023-0037', '37494596')
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence

from loaders.memo import per_document
from loaders.parsers.considerations import join_wrapped
from loaders.parsers.text import Line
from loaders.records import Problem, Reference, Span
from loaders.slugs import slugify

_WORD = r"[^\W\d_][\w'’\-]*\.?"
_AUTHOR = rf"{_WORD}(?:\s{_WORD}){{0,4}}?\s[A-Z]{{1,4}}\.?"
_AUTHORS = re.compile(
    rf"^(?P<authors>{_AUTHOR}(?:,\s{_AUTHOR})*(?:,\set\sal)?(?:;\s[^.;]+)?)\.\s+(?P<rest>.*)$"
)
_AUTHORS_YEAR = re.compile(
    rf"^(?P<authors>{_AUTHOR}(?:,\s{_AUTHOR})*(?:,?\set\sal\.?)?)\s+"
    r"\((?P<year>(?:19|20)\d{2})[a-z]?\)\.?\s+(?P<rest>.*)$"
)
_JOURNAL_VOLUME = re.compile(
    r"\.\s+(?P<journal>[A-Z][^.:;]{1,60}?)\s+(?P<volume>\d+)(?:\((?P<issue>[^)]+)\))?"
    r":(?P<pages>[\w–-]+)"
)
LABEL = re.compile(r"^(?:\[(?P<bracketed>\d{1,3})\]|(?P<numbered>\d{1,3})[.)])\s+(?=\S)")
_AUTHOR_START = re.compile(rf"^{_AUTHOR}(?:,|\.\s|\s*$)")
_ORGANISATION_START = re.compile(r"^[A-Z][^.,;:]{1,60},\s*(?:19|20)\d{2}[a-z]?\.")
_ORGANISATION = re.compile(
    r"^(?P<name>[^.,;:]{2,80}?)(?:,\s*(?P<year>\d{4})[a-z]?)?\.\s+(?P<rest>.*)$"
)
_JOURNAL_MARKED = re.compile(r"\*(?P<journal>[^*]+)\*(?P<after>[^*]*?)\.?\s+(?=\d{4}\b|\d+,)")
_DETAILS = re.compile(
    r"(?P<year>(?:19|20)\d{2})[a-z]?(?:\s+[A-Z][a-z]{2}(?:\s+\d{1,2})?)?"
    r"(?:;(?P<volume>[\w]+)?(?:\((?P<issue>[^)]+)\))?(?::(?P<pages>[^\s.;]+))?)?"
)
_VOLUME_PAGES_YEAR = re.compile(r"^(?P<volume>\w+),\s*(?P<pages>[\w–\-]+)\s*\((?P<year>\d{4})\)")
_DOI = re.compile(
    r"(?:\bdoi:\s*|https?://(?:dx\.)?doi\.org/)(?P<doi>10\.\d{4,9}/[^\s>]+?)(?=\.?(?:\s|>|$))", re.I
)
_PMID = re.compile(r"\bPMID:\s*(?P<pmid>[A-Za-z]*\d+)")
_PMCID = re.compile(r"\bPMCID:\s*(?P<pmcid>PMC\d+)")
_URL = re.compile(r"<?(?P<url>https?://[^\s>]+?)>?(?=[.;,]?(?:\s|$))")
_PLACEHOLDER_URL = re.compile(r"(?:via|url)\s*:\s*(?P<placeholder>x{2,}|\.{3}|tbd|todo)\b", re.I)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_ENDED = re.compile(r"(?:\.|PMID:\s*\S+|PMCID:\s*\S+|https?://\S+|>)$")
_OPEN = re.compile(r"[-–:,;(/]$|\bdoi:$")
_CONTINUES = re.compile(r"^[a-zà-ÿ0-9(<\[]|^https?://")
_REVIEW = re.compile(r"systematic review|meta-?analys|review and", re.I)
_GUIDELINE = re.compile(r"^(?:richtlijn|guideline)\b", re.I)
_TITLE_END = re.compile(
    r"\.\s+(?:Geautoriseerd|Te raadplegen|Diemen|Utrecht|Den Haag)\b|\s+<?https?://"
)


@per_document
def family_name(author: str) -> str:
    """The family name of an author as written in a reference list: 'Xia L' -> 'Xia'."""
    words = author.split()
    while (
        len(words) > 1
        and re.fullmatch(r"[A-Z]{1,4}\.?|Jr\.?", words[-1])
        and any(character.islower() for character in "".join(words[:-1]))
    ):
        words.pop()
    return " ".join(words)


def split_entries(lines: Sequence[Line]) -> list[tuple[str, Span]]:
    """The entries of a reference list as (joined text, span), across wraps and page breaks."""
    entries: list[list[Line]] = []
    texts = [line.text for line in lines if line.text]
    numbered = bool(texts) and LABEL.match(texts[0]) is not None
    for line in lines:
        if not line.text:
            continue
        labelled = numbered and LABEL.match(line.text) is not None
        if not entries or labelled or _starts_entry(entries[-1][-1].text, line):
            entries.append([line])
        else:
            entries[-1].append(line)
    result = []
    for entry in entries:
        text = ""
        for line in entry:
            text = join_wrapped(text, line.text)
        result.append((text, Span(entry[0].number, entry[-1].number)))
    return result


def _starts_entry(previous: str, line: Line) -> bool:
    text = line.text
    if _OPEN.search(previous):
        return False
    names_author = bool(_AUTHOR_START.match(text) or _ORGANISATION_START.match(text))
    if _ENDED.search(previous):
        return names_author or (line.bullet and not _CONTINUES.match(text))
    return line.bullet and names_author


def parse_entry(text: str, span: Span) -> Reference:
    """The fields of one entry; the key is left at '<family-name>-<year>' (not disambiguated)."""
    label = LABEL.match(text)
    if label:
        text = text[label.end() :]
    reference = Reference(key="", text=text, span=span)
    if label:
        reference.label = label["bracketed"] or label["numbered"]
    match = _AUTHORS.match(text)
    harvard = None if match else _AUTHORS_YEAR.match(text)
    if match:
        reference.authors = [a.strip() for a in re.split(r",\s", _authors_only(match["authors"]))]
        rest = match["rest"]
    elif harvard:
        reference.authors = [
            a.strip() for a in re.split(r",\s", _authors_only(harvard["authors"].rstrip(".")))
        ]
        reference.year = int(harvard["year"])
        rest = harvard["rest"]
    else:
        organisation = _ORGANISATION.match(text)
        rest = text
        if organisation and not _looks_like_sentence(organisation["name"]):
            reference.authors = [organisation["name"].strip()]
            rest = organisation["rest"]
            if organisation["year"]:
                reference.year = int(organisation["year"])
    _read_identifiers(reference, text)
    _read_publication(reference, rest)
    if reference.year is None:
        years = _YEAR.findall(rest if reference.authors else "")
        reference.year = int(years[-1]) if years else None
    reference.kind = _kind(reference)
    reference.key = base_key(reference)
    return reference


def _authors_only(authors: str) -> str:
    return re.sub(r",?\s+et al\.?$", "", authors.split(";")[0]).strip()


def _looks_like_sentence(name: str) -> bool:
    return len(name.split()) > 4 or name[:1].islower()


def _read_identifiers(reference: Reference, text: str) -> None:
    if doi := _DOI.search(text):
        reference.doi = doi["doi"]
    if pmid := _PMID.search(text):
        reference.pmid = pmid["pmid"]
    if pmcid := _PMCID.search(text):
        reference.pmcid = pmcid["pmcid"]
    urls = [u["url"] for u in _URL.finditer(text) if "doi.org/" not in u["url"]]
    if urls:
        reference.url = urls[0]
    elif placeholder := _PLACEHOLDER_URL.search(text):
        reference.url = placeholder["placeholder"]


def _read_publication(reference: Reference, rest: str) -> None:
    marked = _JOURNAL_MARKED.search(rest)
    if marked:
        reference.title = rest[: marked.start()].strip().rstrip(".").strip()
        journal = f"{marked['journal'].strip()} {marked['after'].strip()}".strip()
        reference.journal = journal.strip(". ")
        details = rest[marked.end() :]
    else:
        details_at = re.search(r"\.\s+(?P<journal>[^.]{2,60}?)\.?\s+(?=(?:19|20)\d{2}[^;]*;)", rest)
        if details_at:
            reference.title = rest[: details_at.start()].strip()
            reference.journal = details_at["journal"].strip()
            details = rest[details_at.end() :]
        elif volume := _JOURNAL_VOLUME.search(rest):
            reference.title = rest[: volume.start()].strip()
            reference.journal = volume["journal"].strip()
            reference.volume, reference.pages = volume["volume"], volume["pages"]
            reference.issue = volume["issue"] or ""
            return
        else:
            reference.title = _TITLE_END.split(rest)[0].strip().rstrip(".")
            return
    if found := _VOLUME_PAGES_YEAR.match(details):
        reference.volume, reference.pages = found["volume"], found["pages"]
        reference.year = int(found["year"])
    elif found := _DETAILS.match(details):
        reference.year = int(found["year"])
        reference.volume = found["volume"] or ""
        reference.issue = found["issue"] or ""
        reference.pages = found["pages"] or ""


def _kind(reference: Reference) -> str:
    if _GUIDELINE.match(reference.title):
        return "guideline"
    if _REVIEW.search(reference.title):
        return "systematic-review"
    if reference.journal:
        return "article"
    return "report" if reference.authors else "other"


def base_key(reference: Reference) -> str:
    """'<first-author-family-name>-<year>', or the entry's first word when it names no author."""
    name = family_name(reference.authors[0]) if reference.authors else reference.text.split()[0]
    year = str(reference.year) if reference.year else ""
    return "-".join(part for part in (slugify(name), year) if part)


def disambiguate(references: list[Reference]) -> None:
    """Give references sharing a key the suffixes a, b, ... in list order."""
    groups: dict[str, list[Reference]] = defaultdict(list)
    for reference in references:
        groups[reference.key].append(reference)
    for key, group in groups.items():
        if len(group) > 1:
            for index, reference in enumerate(group):
                reference.key = f"{key}{chr(ord('a') + index)}"


def parse_references(
    lines: Sequence[Line], module_number: str
) -> tuple[list[Reference], list[Problem]]:
    """Every entry of a 'Literatuur' part, with the problems each entry shows."""
    references = [parse_entry(text, span) for text, span in split_entries(lines)]
    disambiguate(references)
    problems = [p for reference in references for p in reference_problems(reference)]
    problems.extend(_shared_dois(references))
    return references, problems


def reference_problems(reference: Reference) -> list[Problem]:
    """What is missing or wrong in one entry."""
    found: list[Problem] = []

    def add(kind: str, message: str) -> None:
        found.append(Problem(kind, message, reference.span, reference.key))

    label = reference.text[:60]
    if not reference.authors or reference.year is None:
        missing = " and ".join(
            what
            for what, absent in (("authors", not reference.authors), ("year", not reference.year))
            if absent
        )
        add("incomplete-reference", f"Reference '{label}' has no {missing}.")
    if not reference.doi and not reference.pmid:
        if reference.kind in ("article", "systematic-review"):
            add("missing-identifier", f"Reference '{label}' gives neither a DOI nor a PMID.")
        elif not reference.url:  # a guideline or report is found by its URL (a placeholder is
            # reported on its own)
            add("missing-identifier", f"Reference '{label}' gives no DOI, PMID or URL.")
    elif not reference.pmid and reference.kind in ("article", "systematic-review"):
        add("missing-pmid", f"Reference '{label}' gives a DOI but no PMID.")
    if reference.pmid.upper().startswith("PMC"):
        add(
            "pmcid-as-pmid",
            f"Reference '{reference.key}' gives 'PMID: {reference.pmid}', which is a PMC id.",
        )
    if reference.url and not reference.url.startswith("http"):
        add(
            "placeholder-url",
            f"Reference '{reference.key}' gives the placeholder URL '{reference.url}'.",
        )
    return found


def _shared_dois(references: list[Reference]) -> list[Problem]:
    by_doi: dict[str, list[Reference]] = defaultdict(list)
    for reference in references:
        if reference.doi:
            by_doi[reference.doi.lower()].append(reference)
    problems = []
    for doi, group in by_doi.items():
        if len(group) > 1:
            keys = ", ".join(r.key for r in group)
            message = f"References {keys} share the DOI {doi}."
            for reference in group:
                problems.append(Problem("duplicate-doi", message, reference.span, reference.key))
    return problems
