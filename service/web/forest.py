"""The geometry of a forest plot, drawn by templates/_forest.html as a table of rows.

    >>> plot = forest_plot([Row("Xia 2023", "FDG-PET/CT", 0.96, 0.92, 0.98)], "sensitivity")
    >>> plot.rows[0].x, plot.rows[0].low_x, plot.rows[0].high_x
    (94.16, 90.32, 96.08)
    >>> ratio = forest_plot([Row("Venne 2026", "", 0.34, 0.14, 0.88)], "hazard-ratio", "ratio")
    >>> ratio.log, ratio.reference, [label for _, label in ratio.ticks]
    (True, 50.0, ['0.1', '0.2', '0.5', '1', '2', '5', '10'])

One plot per measure (sensitivity, specificity, ...).  Each row is a study, index test and
target condition with its estimate and interval; positions are percentages of the plot
column, so the plot reflows with the page (text stays text, and a phone gets a narrower
column rather than a clipped picture).  Proportions use a 0–1 axis; ratios (hazard, odds,
risk) a log axis centred on the line of no effect at 1; other measures their own range.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

MARGIN = 2.0  # per cent of the plot column kept free at each end
RATIO_MEASURES = {"hazard-ratio", "odds-ratio", "risk-ratio", "relative-risk", "rate-ratio"}
NICE_RATIOS = (0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0)


@dataclass(frozen=True)
class Row:
    study: str
    modality: str
    value: float | None
    low: float | None = None
    high: float | None = None
    target: str = ""
    patients: int | None = None
    studies: int | None = None
    interval: str = "ci"  # "ci": a confidence interval; "range": a range given instead of a value
    approximate: bool = False
    href: str = ""


@dataclass(frozen=True)
class PlacedRow:
    row: Row
    label: str  # "Xia 2023 · FDG-PET/CT"
    figure: str  # "0.96 (0.92–0.98)", or "≈0.95–1" for a range given without a value
    x: float | None  # positions in per cent of the plot column
    low_x: float | None
    high_x: float | None

    @property
    def summary(self) -> str:
        """What a screen reader hears for the row: label, target and figure."""
        target = f" ({self.row.target})" if self.row.target else ""
        kind = " (range)" if self.row.interval == "range" else ""
        return f"{self.label}{target}: {self.figure}{kind}"


@dataclass
class ForestPlot:
    title: str
    log: bool = False
    rows: list[PlacedRow] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (per cent, label)
    reference: float | None = None  # per cent where the line of no effect is drawn


def forest_plot(rows: list[Row], title: str = "", unit: str = "") -> ForestPlot:
    """Place `rows` on one axis: 0–1 for proportions, log for ratios, else their range."""
    numbers = [n for r in rows for n in (r.value, r.low, r.high) if n is not None]
    is_ratio = title in RATIO_MEASURES or unit == "ratio"
    if is_ratio and numbers and all(n > 0 for n in numbers):
        plot = ForestPlot(title, log=True)
        low, high = _log_range(numbers)
        scale = _scaler(math.log10(low), math.log10(high), math.log10)
        ticks = [n for n in NICE_RATIOS if low <= n <= high]
        plot.reference = scale(1.0)
    else:
        plot = ForestPlot(title)
        proportions = all(0 <= n <= 1 for n in numbers)
        low, high = (0.0, 1.0) if proportions else _linear_range(numbers)
        scale = _scaler(low, high, float)
        ticks = [low + (high - low) * step / 5 for step in range(6)]
    plot.ticks = [(scale(n) or 0.0, _number(n)) for n in ticks]
    for row in rows:
        label = f"{row.study} · {row.modality}" if row.modality else row.study
        placed = PlacedRow(
            row, label, _figure(row), scale(row.value), scale(row.low), scale(row.high)
        )
        plot.rows.append(placed)
    return plot


def _scaler(low: float, high: float, transform):  # noqa: ANN001, ANN202 - a small closure
    def scale(number: float | None) -> float | None:
        if number is None:
            return None
        share = (transform(number) - low) / (high - low)
        return round(MARGIN + share * (100 - 2 * MARGIN), 2)

    return scale


def _log_range(numbers: list[float]) -> tuple[float, float]:
    """A range of nice ratios, symmetric around 1 on the log scale, holding every number."""
    low = max([n for n in NICE_RATIOS if n <= min(numbers)] or [NICE_RATIOS[0]])
    high = min([n for n in NICE_RATIOS if n >= max(numbers)] or [NICE_RATIOS[-1]])
    reach = max(abs(math.log10(low)), abs(math.log10(high)), math.log10(2))
    return 10**-reach, 10**reach


def _linear_range(numbers: list[float]) -> tuple[float, float]:
    low, high = min([0.0, *numbers]), max(numbers or [1.0])
    return low, high if high > low else low + 1


def _figure(row: Row) -> str:
    about = "≈" if row.approximate else ""
    if row.value is None:
        if row.low is None and row.high is None:
            return "—"
        return f"{about}{_number(row.low)}–{_number(row.high)}"
    interval = ""
    if row.low is not None or row.high is not None:
        interval = f" ({_number(row.low)}–{_number(row.high)})"
    return f"{about}{_number(row.value)}{interval}"


def _number(number: float | None) -> str:
    if number is None:
        return "?"
    return f"{number:.3g}" if abs(number) < 1000 else f"{number:,.0f}"
