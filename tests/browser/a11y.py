"""WCAG 2.1 AA checks with axe-core (installed from npm by `make install`, injected into the page)."""

from __future__ import annotations

import json
from pathlib import Path

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
WCAG_AA_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


def accessibility_violations(page, *, exclude: tuple[str, ...] = ()) -> list[dict]:
    """axe-core's WCAG 2.1 A/AA violations on the page as it is now."""
    if not AXE.exists():
        raise AssertionError(
            f"{AXE} is missing: run `make install` (it installs axe-core from npm)"
        )
    # Let fade-ins finish (Wagtail's messages): axe measures contrast as the page looks right now.
    page.evaluate(
        "Promise.all(document.getAnimations()"
        ".filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)"
        ".map(a => a.finished.catch(() => null)))"
    )
    page.add_script_tag(path=str(AXE))
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    result = page.evaluate(
        """async ([context, tags]) => {
            const options = {runOnly: {type: "tag", values: tags}};
            return await axe.run(context || document, options);
        }""",
        [context, WCAG_AA_TAGS],
    )
    return result["violations"]


def assert_accessible(page, *, exclude: tuple[str, ...] = ()) -> None:
    violations = accessibility_violations(page, exclude=exclude)
    summary = [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"][:5]],
        }
        for v in violations
    ]
    assert not violations, f"{page.url}: " + json.dumps(summary, ensure_ascii=False, indent=1)
