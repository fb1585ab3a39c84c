"""The forest plot geometry (service.web.forest): axes, the line of no effect, ranges."""

from __future__ import annotations

from service.web.forest import Row, forest_plot


def test_proportions_share_a_zero_to_one_axis() -> None:
    plot = forest_plot([Row("Xia 2023", "FDG-PET/CT", 0.96, 0.92, 0.98, "bone metastases")])
    assert not plot.log and plot.reference is None
    assert [label for _, label in plot.ticks] == ["0", "0.2", "0.4", "0.6", "0.8", "1"]
    row = plot.rows[0]
    assert (row.low_x, row.x, row.high_x) == (90.32, 94.16, 96.08)
    assert row.summary == "Xia 2023 · FDG-PET/CT (bone metastases): 0.96 (0.92–0.98)"


def test_a_ratio_gets_a_log_axis_centred_on_the_line_of_no_effect() -> None:
    plot = forest_plot([Row("", "", 0.34, 0.14, 0.88)], "hazard-ratio", "ratio")
    assert plot.log and plot.reference == 50.0
    ticks = dict((label, x) for x, label in plot.ticks)
    assert list(ticks) == ["0.1", "0.2", "0.5", "1", "2", "5", "10"]
    assert ticks["1"] == 50.0 and ticks["0.1"] == 2.0 and ticks["10"] == 98.0
    row = plot.rows[0]
    assert row.low_x < row.x < row.high_x < plot.reference  # all below 1: lower hazard
    # equal ratios either side of 1 lie equally far from the line
    wide = forest_plot([Row("", "", 1.0, 0.5, 2.0)], "odds-ratio")
    low, high = wide.rows[0].low_x, wide.rows[0].high_x
    assert round(wide.reference - low, 2) == round(high - wide.reference, 2)


def test_a_range_without_a_value_is_drawn_without_a_point() -> None:
    plot = forest_plot([Row("Xia 2023", "", None, 0.95, 1.0, "bone metastases", interval="range",
                            approximate=True)])  # fmt: skip
    row = plot.rows[0]
    assert row.x is None and row.low_x is not None and row.high_x is not None
    assert row.figure == "≈0.95–1"
    assert row.summary == "Xia 2023 (bone metastases): ≈0.95–1 (range)"


def test_other_measures_get_their_own_linear_range() -> None:
    plot = forest_plot([Row("A", "", 12.0, 8.0, 20.0)], "mean-difference")
    assert not plot.log and plot.ticks[0][1] == "0" and plot.ticks[-1][1] == "20"
