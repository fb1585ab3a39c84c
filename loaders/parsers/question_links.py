"""Which clinical question each recommendation of a module answers.

A module without sub-questions: every recommendation answers its main question.  With
sub-questions, a recommendation answers the sub-question that shares the most words with
its label ('Aanbeveling-1 Aanvullende MRI' -> '1. Wat is de aanvullende waarde van
MRI ...'); when the label names none better than another and there are as many numbered
recommendations as sub-questions, 'Aanbeveling-2' answers sub-question 2; otherwise the
main question.

    >>> from loaders.records import ClinicalQuestion, Recommendation, Span
    >>> span = Span(1, 1)
    >>> questions = [ClinicalQuestion("Wat?", span), ClinicalQuestion("Wat doet MRI?", span, 1),
    ...              ClinicalQuestion("Wat doet FES-PET?", span, 2)]
    >>> recommendation = Recommendation("1.1-1", "Aanbeveling 1 FES-PET", "", "", "", [], span)
    >>> link_questions(questions, [recommendation])
    >>> recommendation.question_number
    2
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from loaders.records import ClinicalQuestion, Recommendation

_LABEL_NUMBER = re.compile(r"^(?:Aanbeveling|Recommendation)[- ]?(?P<number>\d+)\b\W*", re.I)
_WORD = re.compile(r"[\w][\w/-]*")
_STOP = frozenset(
    """aanbeveling aanbevelingen recommendation recommendations wat welke is zijn de het een
    van bij voor met en of in op na naar the and for with what which are of to in on""".split()
)


def link_questions(
    questions: Sequence[ClinicalQuestion], recommendations: Sequence[Recommendation]
) -> None:
    """Set each recommendation's `question_number` (None: the main question)."""
    subs = [q for q in questions if q.number is not None]
    numbered = [_LABEL_NUMBER.match(r.label) for r in recommendations]
    by_order = len(subs) == len(recommendations) and all(numbered)
    for recommendation, number in zip(recommendations, numbered, strict=True):
        recommendation.question_number = None
        if not subs:
            continue
        label = _LABEL_NUMBER.sub("", recommendation.label)
        best = _best_match(_words(label), subs)
        if best is not None:
            recommendation.question_number = best
        elif by_order and number and int(number["number"]) in {q.number for q in subs}:
            recommendation.question_number = int(number["number"])


def _best_match(words: set[str], subs: Sequence[ClinicalQuestion]) -> int | None:
    scores = sorted(((len(words & _words(q.text)), q.number) for q in subs), reverse=True)
    if not scores or scores[0][0] == 0 or (len(scores) > 1 and scores[1][0] == scores[0][0]):
        return None
    return scores[0][1]


def _words(text: str) -> set[str]:
    return {w for w in (m.group().casefold() for m in _WORD.finditer(text)) if w not in _STOP}
