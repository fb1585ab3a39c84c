"""The geometry of a forest plot, for an inline SVG drawn by templates/_forest.html.

    >>> plot = forest_plot([Row("Xia 2023", "FDG-PET/CT", 0.96, 0.92, 0.98)])
    >>> plot.rows[0].x, plot.rows[0].low_x, plot.rows[0].high_x
    (491.2, 482.4, 495.6)

One panel per measure (sensitivity, specificity, ...): each row is a study and modality
with its point estimate and 95% confidence interval on a shared axis.  Proportions use
the 0–1 axis; other measures (hazard ratios) get an axis from their own range.
"""

from __future__ import annotations

from dataclasses import dataclass, field

WIDTH = 640
LABEL_WIDTH = 270
PLOT_LEFT, PLOT_RIGHT = LABEL_WIDTH + 10, WIDTH - 140
VALUE_X = WIDTH - 130  # where the figures are written, right of the plot
ROW_HEIGHT = 22
TOP = 8
AXIS_HEIGHT = 30


@dataclass(frozen=True)
class Row:
    study: str
    modality: str
    value: float
    low: float | None = None
    high: float | None = None
    target: str = ""


@dataclass(frozen=True)
class PlacedRow:
    label: str
    target: str
    value: float
    low: float | None
    high: float | None
    x: float
    low_x: float | None
    high_x: float | None
    y: float


@dataclass
class ForestPlot:
    title: str
    rows: list[PlacedRow] = field(default_factory=list)
    ticks: list[tuple[float, str]] = field(default_factory=list)  # (x, label)
    height: float = 0
    axis_y: float = 0
    width: int = WIDTH
    plot_left: int = PLOT_LEFT
    plot_right: int = PLOT_RIGHT
    value_x: int = VALUE_X


def forest_plot(rows: list[Row], title: str = "") -> ForestPlot:
    """Place `rows` on one axis (0–1 when every figure is a proportion)."""
    numbers = [n for r in rows for n in (r.value, r.low, r.high) if n is not None]
    low, high = (0.0, 1.0) if all(0 <= n <= 1 for n in numbers) else _range(numbers)

    def scale(number: float | None) -> float | None:
        if number is None:
            return None
        return round(PLOT_LEFT + (number - low) / (high - low) * (PLOT_RIGHT - PLOT_LEFT), 1)

    plot = ForestPlot(title)
    for index, row in enumerate(rows):
        y = TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2
        label = f"{row.study} · {row.modality}" if row.modality else row.study
        placed = PlacedRow(
            label,
            row.target,
            row.value,
            row.low,
            row.high,
            scale(row.value),
            scale(row.low),
            scale(row.high),
            y,
        )
        plot.rows.append(placed)
    plot.axis_y = TOP + len(rows) * ROW_HEIGHT + 4
    plot.height = plot.axis_y + AXIS_HEIGHT
    steps = 5
    for step in range(steps + 1):
        number = low + (high - low) * step / steps
        plot.ticks.append((scale(number) or 0.0, f"{number:g}"))
    return plot


def _range(numbers: list[float]) -> tuple[float, float]:
    low, high = min([0.0, *numbers]), max(numbers or [1.0])
    return low, high if high > low else low + 1
