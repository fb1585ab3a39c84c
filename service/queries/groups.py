"""Where a parameter's VALUES block goes: the WHERE group, and inner groups that keep results.

Oxigraph evaluates an OPTIONAL group of more than one pattern, and every sub-SELECT,
over the whole store before joining it with the rest, so a parameter bound only at the top
of the query does not narrow them. :func:`values_positions` finds, besides the WHERE group,
the inner groups where the same single-row VALUES block can go without changing any
result. A variable ``?v`` bound at the top (every solution then has ``?v`` = the term)
also goes into

- an ``OPTIONAL { G }`` directly in a group that has it, and
- the WHERE group ``W`` of a sub-SELECT (also one under OPTIONAL) directly in such a
  group, if the sub-SELECT projects ``?v`` as a plain variable, has no LIMIT or OFFSET,
  groups by ``?v`` if it groups at all, and has no aggregate otherwise,

when ``G`` or ``W`` certainly binds ``?v`` before anything else reads it: its first mention
of ``?v`` is a term of one of its own triple patterns (or inside such a sub-SELECT), every
nested group that mentions ``?v`` is such an OPTIONAL or sub-SELECT, and it holds no
SERVICE or VALUES. Rows of ``G`` or ``W`` with another value of ``?v`` could join nothing,
so dropping them early changes no result; the groups that get the block are handled the
same way in turn.

    >>> query = "SELECT * WHERE { ?m <p> ?x OPTIONAL { ?m <q> ?y ; <r> ?z } }"
    >>> [query[:at][-10:] for at in values_positions(query, ["m"])["m"]]
    [' * WHERE {', 'OPTIONAL {']
    >>> query = "SELECT * WHERE { ?x <p> ?m OPTIONAL { ?x <q> ?y FILTER(?y = ?m) } }"
    >>> len(values_positions(query, ["m"])["m"])  # ?m is read there, never bound: kept out
    1
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\s]*>)
  | (?P<var>[?$][A-Za-z0-9_]+)
  | (?P<pname>[A-Za-z][\w.-]*:[\w.:%-]*|:[\w.:%-]*)
  | (?P<open>\{)
  | (?P<close>\})
  | (?P<paren>[()])
  | (?P<word>[A-Za-z_]+)
    """,
    re.VERBOSE,
)
_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
_AGGREGATES = {"COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE", "GROUP_CONCAT"}


@dataclass
class _Token:
    kind: str
    text: str
    start: int
    end: int
    parens: int = 0  # parentheses open around it, within its group


@dataclass
class _Group:
    """A ``{ ... }`` block: its own tokens (not those of nested groups) and nested groups."""

    open_end: int
    after: str = ""  # the keyword or brace just before its '{'
    parens: int = 0  # parentheses open around it, within the enclosing group
    items: list[_Token | _Group] = field(default_factory=list)

    def tokens(self) -> list[_Token]:
        return [item for item in self.items if isinstance(item, _Token)]

    def is_subselect(self) -> bool:
        first = next(iter(self.tokens()), None)
        return first is not None and first.kind == "word" and first.text.upper() == "SELECT"

    def mentions(self, name: str) -> bool:
        return any(
            item.mentions(name) if isinstance(item, _Group) else _is_var(item, name)
            for item in self.items
        )


def values_positions(query: str, names: list[str]) -> dict[str, list[int]]:
    """Per variable name: the offsets just after each '{' where its VALUES block may go."""
    top = _where_group(query)
    positions = {}
    for name in names:
        found = [top.open_end]
        _visit(top, name, found)
        positions[name] = found
    return positions


def _visit(scope: _Group, name: str, found: list[int]) -> None:
    """Add the inner groups of ``scope`` (all of whose solutions bind ``name``) that qualify."""
    for child in scope.items:
        if not isinstance(child, _Group):
            continue
        target = _target(child, name)
        if target is not None:
            found.append(target.open_end)
            _visit(target, name, found)


def _target(group: _Group, name: str) -> _Group | None:
    """The group inside ``group`` that may take the block, if ``group`` is an OPTIONAL or a
    sub-SELECT that qualifies (see the module docstring)."""
    if group.is_subselect():
        if group.after in ("EXISTS", "MINUS", "SERVICE"):
            return None
        where = next((i for i in group.items if isinstance(i, _Group) and not i.parens), None)
        if where is not None and _projects(group, where, name) and _binds_first(where, name):
            return where
        return None
    if group.after == "OPTIONAL" and _binds_first(group, name):
        return group
    return None


def _projects(select: _Group, where: _Group, name: str) -> bool:
    """Whether the sub-SELECT projects ``name`` plainly, without LIMIT/OFFSET, grouping by it."""
    head = [t for t in select.tokens() if t.end <= where.open_end]
    tail = [t for t in select.tokens() if t.start > where.open_end]
    if not any(_is_var(t, name) and t.parens == 0 for t in head):
        return False
    words = [t.text.upper() for t in tail if t.kind == "word"]
    if "LIMIT" in words or "OFFSET" in words:
        return False
    if "GROUP" not in words:
        aggregated = any(t.kind == "word" and t.text.upper() in _AGGREGATES for t in head + tail)
        return not aggregated and "HAVING" not in words
    by = [t for t in tail if t.start > next(t for t in tail if t.text.upper() == "GROUP").start]
    clause = []
    for token in by:
        if token.kind == "word" and token.text.upper() in ("HAVING", "ORDER"):
            break
        clause.append(token)
    return any(_is_var(t, name) and t.parens == 0 for t in clause)


def _binds_first(group: _Group, name: str) -> bool:
    """Whether ``group`` certainly binds ``name`` before anything in it reads it."""
    bound = False
    for item in group.items:
        if isinstance(item, _Group):
            if not item.mentions(name):
                if _has_word(item, ("SERVICE", "VALUES")):
                    return False
                continue
            if _target(item, name) is None:
                return False
            if item.after == "OPTIONAL" and not bound:  # would read it before it is bound
                return False
            bound = True  # a sub-SELECT that qualifies binds it
        elif item.kind == "word" and item.text.upper() in ("SERVICE", "VALUES"):
            return False
        elif _is_var(item, name):
            if item.parens:  # read by an expression
                if not bound:
                    return False
            else:
                bound = True
    return bound


def _has_word(group: _Group, words: tuple[str, ...]) -> bool:
    return any(
        _has_word(item, words)
        if isinstance(item, _Group)
        else item.kind == "word" and item.text.upper() in words
        for item in group.items
    )


def _is_var(token: _Token, name: str) -> bool:
    return token.kind == "var" and token.text[1:] == name


def _where_group(query: str) -> _Group:
    """The query's WHERE group, with its nested groups."""
    skip_template = False
    depth = 0
    seen_form = False
    previous = ""
    stack: list[_Group] = []
    parens: list[int] = []
    for match in _TOKEN.finditer(query):
        kind, text = match.lastgroup or "", match.group()
        token = _Token(kind, text, match.start(), match.end(), parens[-1] if parens else 0)
        if stack and kind not in ("open", "close", "comment"):
            stack[-1].items.append(token)
        if kind == "word":
            word = text.upper()
            if not seen_form and word in _FORMS:
                seen_form = True
                skip_template = word == "CONSTRUCT"
            if depth == 0 and word == "WHERE":
                skip_template = False
        elif kind == "paren" and parens:
            parens[-1] += 1 if text == "(" else -1
        elif kind == "open":
            if depth == 0 and skip_template and previous != "WHERE":
                depth += 1
                continue
            group = _Group(match.end(), previous, token.parens)
            if stack:
                stack[-1].items.append(group)
            stack.append(group)
            parens.append(0)
            depth += 1
        elif kind == "close":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
            elif stack:
                parens.pop()
                done = stack.pop()
                if not stack:
                    return done
        if kind in ("word", "open", "close"):
            previous = text.upper()
    if stack:
        return stack[0]
    raise ValueError("the query has no WHERE group to bind parameters in")
