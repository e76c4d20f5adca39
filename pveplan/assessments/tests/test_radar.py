"""The radar chart: its geometry, its direction, and what the SVG carries."""

from __future__ import annotations

import re
from decimal import Decimal

from pveplan.assessments.radar import CENTER, RADIUS, Series, axes_of, point, points, radar_svg


def test_axis_one_points_up_and_the_next_follow_clockwise() -> None:
    assert point(0, 4, 4) == (CENTER, CENTER - RADIUS)
    x, y = point(1, 4, 4)
    assert round(x, 6) == CENTER + RADIUS and round(y, 6) == CENTER


def test_the_polygon_goes_through_each_level_on_its_axis() -> None:
    # Four axes at levels 4, 2, 4, 2: top, right (half way), bottom, left (half way).
    assert points([4, 2, 4, 2]) == "200.0,50.0 275.0,200.0 200.0,350.0 125.0,200.0"


def test_right_to_left_mirrors_the_chart_so_axes_follow_counter_clockwise() -> None:
    assert points([4, 2, 4, 2], rtl=True) == "200.0,50.0 125.0,200.0 200.0,350.0 275.0,200.0"


def test_level_zero_is_the_centre() -> None:
    assert points([0, 0, 0]) == "200.0,200.0 200.0,200.0 200.0,200.0"


def test_only_dimensions_every_series_scored_become_axes() -> None:
    a = Series("2025", {"institutions": Decimal("1.5"), "evidence": Decimal(1), "ddr": None})
    b = Series("2026", {"institutions": Decimal(2), "evidence": None, "legal": Decimal(3)})
    assert axes_of([a]) == ["institutions", "evidence"]
    assert axes_of([a, b]) == ["institutions"]


def test_the_svg_has_one_polygon_per_series_numbered_axes_and_no_style_attribute() -> None:
    scores = {
        "institutions": Decimal("1.5"),
        "evidence": Decimal("0.7"),
        "legal": Decimal("2.3"),
        "society": Decimal("1.3"),
        "ddr": None,
    }
    svg = str(
        radar_svg(
            [Series("2025", scores, kind="earlier"), Series("2026", scores)], title="Chart <x>"
        )
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert 'aria-label="Chart &lt;x&gt;"' in svg
    series = re.findall(r'<g class="radar-series series-(\w+)">', svg)
    assert series == ["earlier", "current"]
    # Four axes numbered as the dimensions are (DDR, not scored, has no axis).
    labels = re.findall(r'dominant-baseline="central">(\d+)</text>', svg)
    assert labels == ["1", "2", "3", "4"]
    # The first series polygon: institutions 1.5 at the top, evidence 0.7 to the right...
    polygon = re.search(r'series-earlier"><title>2025</title><polygon points="([^"]+)"', svg)
    assert polygon is not None
    assert polygon.group(1) == points([1.5, 0.7, 2.3, 1.3])
    assert polygon.group(1).startswith("200.0,143.8 226.2,200.0")
    assert "style=" not in svg and "<style" not in svg


def test_fewer_than_three_dimensions_make_no_chart() -> None:
    assert (
        radar_svg([Series("x", {"institutions": Decimal(1), "legal": Decimal(2)})], title="") == ""
    )
