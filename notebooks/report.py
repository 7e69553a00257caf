"""What grading found, as frozen data: one :class:`CellScore` per graded cell, and their totals.

A hidden test's :class:`CellScore` never carries error details (``__post_init__`` refuses it), so
nothing built from a report (feedback, JSON for the browser) can show a hidden test's message. Nor
does a visible test's whose error text learner code could have written after hidden tests ran
(``withheld``: at most the name of a built-in exception is kept): that code can read the hidden
tests while they call it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any, Literal, get_args

Status = Literal["passed", "failed", "error", "timeout", "not_run", "manual", "unanswered"]
Kind = Literal["autograded", "manual"]
CELL_STATUSES: tuple[Status, ...] = get_args(Status)


@dataclass(frozen=True)
class CellError:
    """A visible test's error: exception name (``""`` for output on stderr), message, traceback."""

    name: str
    message: str
    traceback: str = ""


@dataclass(frozen=True)
class CellScore:
    grade_id: str
    kind: Kind
    status: Status
    score: float
    max_score: float
    needs_manual_grade: bool = False
    hidden: bool = False
    hint: str | None = None
    error: CellError | None = None
    duration_ms: int | None = None
    withheld: bool = False

    def __post_init__(self) -> None:
        if self.hidden and self.error is not None:
            raise ValueError("a hidden test's score must not carry its error")
        if (
            self.withheld
            and self.error is not None
            and (self.error.message or self.error.traceback)
        ):
            raise ValueError("a withheld error must carry no message or traceback")


@dataclass(frozen=True)
class ScoreReport:
    cells: tuple[CellScore, ...]
    visible_only: bool = False

    @property
    def score(self) -> float:
        return math.fsum(cell.score for cell in self.cells)

    @property
    def max_score(self) -> float:
        return math.fsum(cell.max_score for cell in self.cells)

    @property
    def needs_manual_grade(self) -> bool:
        return any(cell.needs_manual_grade for cell in self.cells)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready; :meth:`from_dict` reads it back."""
        return {
            "score": self.score,
            "max_score": self.max_score,
            "needs_manual_grade": self.needs_manual_grade,
            "visible_only": self.visible_only,
            "cells": [asdict(cell) for cell in self.cells],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ScoreReport:
        return cls(
            cells=tuple(_cell_from_dict(cell) for cell in data["cells"]),
            visible_only=bool(data.get("visible_only", False)),
        )


def _cell_from_dict(data: Mapping[str, Any]) -> CellScore:
    error = data.get("error")
    return CellScore(
        grade_id=data["grade_id"],
        kind=data["kind"],
        status=data["status"],
        score=float(data["score"]),
        max_score=float(data["max_score"]),
        needs_manual_grade=bool(data.get("needs_manual_grade", False)),
        hidden=bool(data.get("hidden", False)),
        hint=data.get("hint"),
        error=CellError(error["name"], error["message"], error.get("traceback", ""))
        if error
        else None,
        duration_ms=data.get("duration_ms"),
        withheld=bool(data.get("withheld", False)),
    )
