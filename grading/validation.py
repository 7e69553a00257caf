"""The validation report of a trainer's source notebook: nbgrader's rules, then the reference
solution run in the sandbox, which must score full marks on every autograded test.

The same report for the admin (through the ``validate_version`` task) and ``validate_notebook``.
Unlike learner feedback, the trainer sees every failing test's error, hidden ones included.
"""

from __future__ import annotations

from typing import Any

from nbformat import NotebookNode

from grading.execution import make_limits, run_pipeline
from grading.notebook_errors import describe
from grading.sources import inspect_source
from notebooks import cells, outputs
from notebooks.errors import NotebookError


def static_report(
    data: bytes, *, autotests: bytes | None = None, limits: Any = None, executor: Any = None
) -> tuple[dict[str, Any], NotebookNode | None]:
    """Reading and nbgrader checks (and AUTOTEST generation, which runs the source in the sandbox);
    the notebook, with its generated tests, is returned when it can be run."""
    try:
        info = inspect_source(data, autotests=autotests, limits=limits, executor=executor)
    except NotebookError as error:
        problem = {"code": error.code.value, "message": describe(error)}
        return {"passed": False, "problems": [problem], "summary": {}}, None
    problems = [{"code": p.code.value, "message": describe(p)} for p in info.problems]
    report = {"passed": not problems, "problems": problems, "summary": info.summary}
    return report, (info.nb if not problems else None)


def reference_report(
    source_nb: NotebookNode,
    *,
    cell_timeout_s: float,
    notebook_timeout_s: float,
    executor: Any = None,
) -> dict[str, Any]:
    """Run the source's own solutions as a submission; list every autograded test that fails."""
    limits = make_limits(cell_timeout_s=cell_timeout_s, notebook_timeout_s=notebook_timeout_s)
    result, record = run_pipeline(source_nb, source_nb, limits, executor=executor, language="en")
    executed = {cells.grade_id(cell): cell for cell in result.executed.cells}
    failures = []
    autograded = [cell for cell in result.report.cells if cell.kind == "autograded"]
    for cell in autograded:
        if cell.status == "passed":
            continue
        failure = outputs.first_failure(executed.get(cell.grade_id, {}))
        failures.append(
            {
                "grade_id": cell.grade_id,
                "status": cell.status,
                "score": cell.score,
                "max_score": cell.max_score,
                "error": (f"{failure.name}: {failure.message}".strip(": ") if failure else ""),
                "traceback": failure.traceback if failure else "",
            }
        )
    return {
        "passed": not failures and not record.timed_out,
        "score": sum(cell.score for cell in autograded),
        "max_score": sum(cell.max_score for cell in autograded),
        "tests": len(autograded),
        "failures": failures,
        "timed_out": record.timed_out,
        "sandboxed": record.sandboxed,
        "executor_version": record.executor_version,
        "timings": record.timings,
        "log": record.log[-4000:],
    }


def full_report(
    data: bytes,
    *,
    cell_timeout_s: float,
    notebook_timeout_s: float,
    executor: Any = None,
    autotests: bytes | None = None,
) -> dict[str, Any]:
    limits = make_limits(cell_timeout_s=cell_timeout_s, notebook_timeout_s=notebook_timeout_s)
    report, nb = static_report(data, autotests=autotests, limits=limits, executor=executor)
    if nb is None:
        return report
    reference = reference_report(
        nb, cell_timeout_s=cell_timeout_s, notebook_timeout_s=notebook_timeout_s, executor=executor
    )
    return {**report, "passed": reference["passed"], "reference": reference}
