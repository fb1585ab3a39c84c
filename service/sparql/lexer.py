"""Split SPARQL text into tokens as Oxigraph (the engine that runs it) reads them, in one pass.

The query check (:mod:`service.sparql.query_check`) works on these tokens, not on a parse
tree: tokenising is linear in the length of the text, needs no lock, and reads
strings, IRIs and comments the way the engine does:

- ``\\u``/``\\U`` escapes are decoded only inside strings and IRIs (Oxigraph does not
  decode them anywhere else); a backslash anywhere else is an error here, and so is
  ``\\u``/``\\U`` in a comment;
- an IRI is ``<`` up to the first ``>`` where a term can start, but ``<`` after an
  operand inside an expression is the less-than operator (``FILTER(?a<?b)``);
- prefixed names end as Oxigraph ends them (one run of dots inside the local part);
- brackets, braces, parentheses and ``<<`` quoted triples are counted, and tokenising
  stops with :class:`LexError` as soon as they nest deeper than ``max_depth``.

Whitespace and comments are skipped. Each token keeps its kind, its exact text, its
offset and the nesting depth it starts at::

    >>> [(t.kind, t.text) for t in tokenize('ASK { ?s <http://e/p> "x" }')][1:]
    [('punct', '{'), ('var', '?s'), ('iri', '<http://e/p>'), ('string', '"x"'), ('punct', '}')]
    >>> [t.text for t in tokenize("FILTER(?a<?b)")]
    ['FILTER', '(', '?a', '<', '?b', ')']
    >>> iri_value(tokenize("<http://e/\\\\u0041>")[0])
    'http://e/A'
"""

from __future__ import annotations

import re
from typing import NamedTuple

_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_CHARS_U = _BASE + "_"
_CHARS = _CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_VARNAME = f"[{_CHARS_U}0-9][{_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*+"
_HEX = "[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_ECHAR = r"""\\[tbnrf"'\\]"""
_LOCAL_CHAR = f"[{_CHARS}:]|%{_HEX}{{2}}"
_PREFIX = rf"[{_BASE}][{_CHARS}]*+(?:\.++[{_CHARS}]++)*+"
_LOCAL = rf"(?:[{_CHARS_U}:0-9]|%{_HEX}{{2}})(?:{_LOCAL_CHAR})*+(?:\.++(?:{_LOCAL_CHAR})++)?+"
_LONG1 = rf"'''(?:(?:''|')?(?:[^'\\]|{_ECHAR}|{_UCHAR}))*+'''"
_LONG2 = _LONG1.replace("'", '"')
_SHORT1 = rf"'(?:[^'\\\n\r]|{_ECHAR}|{_UCHAR})*+'"
_SHORT2 = _SHORT1.replace("'", '"')

_TOKEN = re.compile(
    "|".join(
        [
            r"(?P<space>[ \t\r\n]++)",
            r"(?P<open>\{(?!\|)|[\[(])",
            r"(?P<close>\)>>|>>|[}\])])",
            r"(?P<punct>[,;*+\-/=~]|&&|\|\||\|\}|\{\||\||!=|!|>=|>|\^\^|\^)",
            f"(?P<var>[?$]{_VARNAME})",
            f"(?P<bnode>_:[{_CHARS_U}0-9][{_CHARS}]*+(?:\\.++[{_CHARS}]++)*+)",
            f"(?P<pname>(?:{_PREFIX})?:(?:{_LOCAL})?)",
            r"(?P<word>[A-Za-z_][A-Za-z0-9_]*+)",
            f"(?P<string>{_LONG1}|{_LONG2}|{_SHORT1}|{_SHORT2})",
            rf"(?P<iri><(?:[^<>\"{{}}|^`\\\x00-\x20]|{_UCHAR})*+>)",
            r"(?P<angle><<\(|<<|<=|<)",
            r"(?P<number>(?:[0-9]++\.[0-9]*+|\.[0-9]++|[0-9]++)[eE][+-]?[0-9]++"
            r"|[0-9]*+\.[0-9]++|[0-9]++)",
            r"(?P<comment>\#[^\r\n]*+)",
            r"(?P<langtag>@[A-Za-z]++(?:--?[A-Za-z0-9]++)*+)",
            r"(?P<dot>[.?])",
            r"(?P<badstring>['\"])",
            r"(?P<backslash>\\)",
            r"(?P<other>.)",
        ]
    ),
    re.DOTALL,
)
_ESCAPE = re.compile(_UCHAR)
_COMMENT_ESCAPE = re.compile(r"\\[uU]")
_ESCAPE_MESSAGE = "\\u and \\U escapes are only allowed inside strings and IRIs"
_BACKSLASH_MESSAGE = "escapes (\\) are only allowed inside strings and IRIs"

CLOSERS = {"}": "{", "]": "[", ")": "(", ">>": "<<", ")>>": "<<("}
_OPERANDS = {"var", "iri", "pname", "string", "number", "langtag", "bnode"}
_OPERAND_ENDS = {")", ")>>", ">>", "]", "true", "false"}  # true/false: case-sensitive
_NOT_CALLS = {"VALUES", "A", "TRUE", "FALSE", "UNDEF"}  # words a list '(' can follow
_new = tuple.__new__  # Token(...) without NamedTuple's slower constructor
_PLAIN = {"punct", "var", "bnode", "pname", "word", "string", "number", "langtag"}


class Token(NamedTuple):
    """One token: ``kind`` (iri, pname, var, bnode, string, number, langtag, word, punct,
    other), its exact ``text``, its ``start`` offset and the nesting ``depth`` before it."""

    kind: str
    text: str
    start: int
    depth: int


class LexError(ValueError):
    """The text cannot be tokenised (or nests too deeply); ``offset`` is where."""

    def __init__(self, message: str, offset: int):
        super().__init__(message)
        self.message = message
        self.offset = offset


class NestingError(LexError):
    """The text nests deeper than the limit."""


def tokenize(text: str, max_depth: int | None = None) -> list[Token]:
    """The tokens of ``text``; raises :class:`LexError` at the first problem."""
    tokens: list[Token] = []
    append = tokens.append
    frames: list[str] = []  # open "{", "[", "(e" (expression), "(l" (list of terms), "<<", "<<("
    projection = False  # between SELECT and its WHERE group, '(' opens an expression
    limit = len(text) if max_depth is None else max_depth
    position = 0
    while position < len(text):
        for match in _TOKEN.finditer(text, position):
            kind = match.lastgroup
            if kind == "space":
                continue
            value = match.group()
            start = match.start()
            if kind in _PLAIN:
                append(_new(Token, (kind, value, start, len(frames))))
                if kind == "word" and len(value) == 6 and value.upper() == "SELECT":
                    projection = True
            elif kind == "open":
                frame = value
                if value == "(":
                    frame = (
                        "(e"
                        if frames and frames[-1] == "(e"
                        else _paren_kind(tokens, frames, projection)
                    )
                elif value == "{":
                    projection = False
                append(_new(Token, ("punct", value, start, len(frames))))
                frames.append(frame)
                if len(frames) > limit:
                    raise NestingError(f"the query nests more than {limit} levels deep", start)
            elif kind == "close":
                if value == ")" and frames and frames[-1][0] == "(":
                    frames.pop()
                else:
                    _close(frames, value)
                append(_new(Token, ("punct", value, start, len(frames))))
            elif kind in ("iri", "angle"):
                if _operator_position(tokens, frames):
                    value = "<=" if value.startswith("<=") else "<"
                    append(_new(Token, ("punct", value, start, len(frames))))
                    position = start + len(value)
                    break  # what follows the operator is tokenised afresh
                append(
                    _new(Token, ("iri" if kind == "iri" else "punct", value, start, len(frames)))
                )
                if value in ("<<", "<<("):
                    frames.append(value)
                    if len(frames) > limit:
                        raise NestingError(f"the query nests more than {limit} levels deep", start)
            elif kind == "comment":
                escape = _COMMENT_ESCAPE.search(value)
                if escape:
                    raise LexError(_ESCAPE_MESSAGE, start + escape.start())
            elif kind == "backslash":
                raise LexError(_BACKSLASH_MESSAGE, start)
            elif kind == "badstring":
                raise LexError(
                    "a string is not closed, or has an escape that is not allowed", start
                )
            else:
                append(_new(Token, ("punct" if kind == "dot" else kind, value, start, len(frames))))
        else:
            break
    return tokens


def iri_value(token: Token) -> str:
    """The IRI an ``iri`` token names, with ``\\u``/``\\U`` escapes decoded as Oxigraph does."""
    return _ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), token.text[1:-1])


def _operator_position(tokens: list[Token], frames: list[str]) -> bool:
    """Whether a ``<`` here is the less-than operator: after an operand in an expression."""
    if not frames or frames[-1] != "(e" or not tokens:
        return False
    previous = tokens[-1]
    return previous.kind in _OPERANDS or previous.text in _OPERAND_ENDS


def _paren_kind(tokens: list[Token], frames: list[str], projection: bool) -> str:
    """Whether a ``(`` opens an expression ("(e") or a list of terms ("(l")."""
    top = frames[-1] if frames else None
    if top == "(e":
        return "(e"
    previous = tokens[-1] if tokens else None
    if previous is not None and previous.kind == "word":
        return "(l" if previous.text.upper() in _NOT_CALLS else "(e"
    if previous is not None and previous.kind in ("iri", "pname"):
        called = len(tokens) > 1 and tokens[-2].kind == "word"  # FILTER <f>(, ORDER BY ex:f(
        return "(e" if top is None or called else "(l"
    return "(e" if top is None or projection else "(l"


def _close(frames: list[str], closer: str) -> None:
    """Close the innermost frame ``closer`` matches ('}' also closes what is open inside)."""
    opener = CLOSERS[closer]
    if closer == "}":
        while frames and frames.pop() != "{":
            pass
    elif frames and (frames[-1] == opener or (opener == "(" and frames[-1][0] == "(")):
        frames.pop()
