"""Server-rendered SVG charts: geometry computed here, markup in templates (escaped, translated).

Each chart has a ``<title>`` and ``<desc>`` for screen readers, and every page shows a table of the same
numbers beside it. No JavaScript, no CDN: the charts work offline and print.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

WIDTH, HEIGHT = 640, 300
LEFT, RIGHT, TOP, BOTTOM = 52, 20, 16, 44


def nice_ceiling(value: float) -> int:
    """A round axis maximum at or above ``value``: 1, 2, 2.5 or 5 times a power of ten."""
    if value <= 0:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return max(1, math.ceil(step * magnitude))
    return math.ceil(10 * magnitude)


def ticks(maximum: int, count: int = 5) -> list[int]:
    step = max(1, math.ceil(maximum / count))
    return list(range(0, maximum + 1, step))


@dataclass(frozen=True)
class Scale:
    start: dt.date
    end: dt.date
    y_max: int

    def x(self, day: dt.date) -> float:
        span = max((self.end - self.start).days, 1)
        return round(LEFT + (WIDTH - LEFT - RIGHT) * (day - self.start).days / span, 1)

    def y(self, value: float) -> float:
        return round(TOP + (HEIGHT - TOP - BOTTOM) * (1 - value / self.y_max), 1)


def month_labels(start: dt.date, end: dt.date, most: int = 8) -> list[dt.date]:
    months = []
    year, month = start.year, start.month
    while dt.date(year, month, 1) <= end:
        months.append(dt.date(year, month, 1))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    months = [day for day in months if day >= start] or [start]
    step = max(1, math.ceil(len(months) / most))
    return months[::step]


def burnup_svg(
    *,
    chart_id: str,
    title: str,
    description: str,
    points: list[tuple[dt.date, int]],
    target: int,
    start: dt.date,
    deadline: dt.date,
    today: dt.date,
    forecast_date: dt.date | None,
    current: int,
) -> SafeString:
    end = max(deadline, today)
    highest = max([target, current, *(count for _day, count in points)])
    scale = Scale(start=start, end=end, y_max=nice_ceiling(highest * 1.1))
    forecast_line = None
    if forecast_date is not None and start <= today < forecast_date and current < target:
        until = min(forecast_date, end)
        share = (until - today).days / max((forecast_date - today).days, 1)
        value = current + (target - current) * share
        forecast_line = (scale.x(today), scale.y(current), scale.x(until), scale.y(value))
    context = {
        "id": chart_id,
        "title": title,
        "description": description,
        "width": WIDTH,
        "height": HEIGHT,
        "plot_left": LEFT,
        "plot_right": WIDTH - RIGHT,
        "plot_top": TOP,
        "plot_bottom": HEIGHT - BOTTOM,
        "polyline": " ".join(f"{scale.x(day)},{scale.y(count)}" for day, count in points),
        "dots": [(scale.x(day), scale.y(count)) for day, count in points],
        "target_y": scale.y(target),
        "target_label": _("Target %(count)s") % {"count": target},
        "deadline_label": _("Deadline"),
        "deadline_x": scale.x(deadline),
        "forecast": forecast_line,
        "y_ticks": [(value, scale.y(value)) for value in ticks(scale.y_max)],
        "x_ticks": [(day, scale.x(day)) for day in month_labels(start, end)],
    }
    return render_to_string("reports/charts/burnup.svg", context)


def bar_svg(
    *, chart_id: str, title: str, description: str, rows: list[tuple[str, float, str]]
) -> SafeString:
    """Horizontal bars: (label, value from 0 to 100, text shown at the bar's end)."""
    label_width, bar_left, row_height = 180, 190, 26
    bar_width = WIDTH - bar_left - 70
    bars = [
        {
            "label": label,
            "y": TOP + index * row_height,
            "width": round(bar_width * max(0.0, min(value, 100.0)) / 100, 1),
            "text": text,
        }
        for index, (label, value, text) in enumerate(rows)
    ]
    return render_to_string(
        "reports/charts/bars.svg",
        {
            "id": chart_id,
            "title": title,
            "description": description,
            "width": WIDTH,
            "height": TOP * 2 + max(len(rows), 1) * row_height,
            "label_width": label_width,
            "bar_left": bar_left,
            "bar_width": bar_width,
            "bars": bars,
        },
    )
