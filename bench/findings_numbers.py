"""Every number in the results and considerations of a document, and the finding that reads it.

    python bench/findings_numbers.py                    # the bundled document
    python bench/findings_numbers.py path/to/doc.txt    # any document the loaders read

Prints one row per number token of each module's considerations (a separate literature
summary is not scanned; its findings are still counted):
module, line, 'F' when a finding of that line holds the number (as value, bound, count,
numerator or denominator; percentages compared as proportions, CI levels as confidence
levels), '-' otherwise, the token and its context; then the findings by measure.  The
rows marked '-' are what to read by hand for recall (years, question and list numbers,
thresholds are expected there), the findings what to read for precision
(docs/findings-precision.md records that reading for the bundled document).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from decimal import Decimal, InvalidOperation
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BUNDLED = ROOT / "data" / "source" / "borstkanker-cluster-3a-2026.txt"


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from loaders.readers import load

    path = Path(sys.argv[1]) if len(sys.argv) > 1 else BUNDLED
    document = load(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    kinds: Counter[str] = Counter()
    for module in document.modules:
        held: dict[int, set[Decimal]] = {}
        for finding in module.findings:
            kinds[finding.measure] += 1
            numbers = [finding.value, finding.lower, finding.upper, finding.confidence]
            numbers += [finding.numerator, finding.denominator]
            for line in range(finding.span.first, finding.span.last + 1):
                held.setdefault(line, set()).update(Decimal(n) for n in numbers if n is not None)
        spans = [c.span for c in module.considerations]
        for span in spans:
            for number in range(span.first, span.last + 1):
                text = lines[number - 1]
                for match in re.finditer(r"\d+(?:[.,]\d+)*", text):
                    value = _decimal(match.group())
                    mark = (
                        "F" if value is not None and _held(value, held.get(number, set())) else "-"
                    )
                    context = text[max(0, match.start() - 30) : match.end() + 25]
                    print(f"{module.key}\t{number}\t{mark}\t{match.group()}\t{context}")
    print()
    for measure, count in sorted(kinds.items(), key=lambda item: (-item[1], item[0])):
        print(f"{count:4d}  {measure}")
    print(f"{sum(kinds.values()):4d}  findings")
    return 0


def _decimal(token: str) -> Decimal | None:
    try:
        if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", token):
            return Decimal(token.replace(".", ""))
        return Decimal(token.replace(",", "."))
    except InvalidOperation:
        return None


def _held(value: Decimal, numbers: set[Decimal]) -> bool:
    return value in numbers or value / 100 in numbers


if __name__ == "__main__":
    raise SystemExit(main())
