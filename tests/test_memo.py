"""Per-document memos: answers remembered within a document, forgotten as the next is read."""

from pathlib import Path

import pytest

from loaders.memo import forget, per_document
from loaders.parsers.document import parse_document
from loaders.parsers.organisations import find_mentions
from loaders.readers import load
from service.pipeline.build import BUNDLED_SOURCE

CORPUS = Path(__file__).resolve().parent / "data" / "corpus"


def test_a_remembered_function_runs_once_per_argument_until_forgotten() -> None:
    calls: list[str] = []

    @per_document
    def shout(text: str) -> str:
        calls.append(text)
        return text.upper()

    assert [shout("nvvh"), shout("nvvh"), shout("nabon")] == ["NVVH", "NVVH", "NABON"]
    assert calls == ["nvvh", "nabon"]
    forget()
    assert shout("nvvh") == "NVVH" and calls == ["nvvh", "nabon", "nvvh"]


@pytest.mark.parametrize(
    "source",
    [CORPUS / "heupfractuur-2019.txt", CORPUS / "osteoporose-html" / "screening-na-fractuur.html"],
    ids=["text export", "html page"],
)
def test_reading_a_document_forgets_what_was_asked_before(source: Path) -> None:
    text = "Adviseur van KWF Kankerbestrijding, in geen van de documenten geschreven"
    find_mentions(text)
    load(source)
    misses = find_mentions.cache_info().misses
    find_mentions(text)
    assert find_mentions.cache_info().misses == misses + 1


def test_a_document_parses_the_same_after_others_as_alone() -> None:
    alone = parse_document(BUNDLED_SOURCE)
    parse_document(CORPUS / "longkanker-cluster-2025.txt")
    parse_document(BUNDLED_SOURCE)
    again = parse_document(BUNDLED_SOURCE)
    assert again == alone
    assert len(again.people) == 48 and len(again.organisations) == 105
