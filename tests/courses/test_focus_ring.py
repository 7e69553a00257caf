"""The keyboard focus ring stands out from what surrounds it: at least 3:1 (WCAG 1.4.11) on the white
page and on the blue header. An amber ring on white (2:1) was hard to find."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

CSS = Path(settings.BASE_DIR) / "lms" / "static" / "css" / "manabi.css"


def _variables(css: str) -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_arithmetic():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#f2a900", "#ffffff"), 1) == 2.0  # the old ring: too faint on white


def test_focus_ring_contrasts_with_the_page_and_the_header():
    css = CSS.read_text(encoding="utf-8")
    colours = _variables(css)
    assert ":focus-visible { outline: 3px solid var(--focus);" in css
    assert ".site-header :focus-visible" in css
    assert "outline-color: var(--focus-on-accent)" in css
    assert contrast(colours["focus"], colours["paper"]) >= 3
    assert contrast(colours["focus"], colours["soft"]) >= 3  # cards
    assert contrast(colours["focus-on-accent"], colours["accent"]) >= 3  # the header
