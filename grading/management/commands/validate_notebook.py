"""``manage.py validate_notebook SOURCE.ipynb``: the admin's validation of a trainer's notebook.

nbgrader's rules first (AUTOTEST directives are turned into tests with the autotests.yml beside
the notebook, or ``--autotests PATH``), then the reference solution in the sandbox, which must score
full marks on every autograded test. Exit 0 when it passes, 1 when it does not (each problem on its own line),
2 when the file cannot be read as a notebook.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandParser

from grading.autotests import read_autotests
from grading.execution import shutdown_executor
from grading.validation import full_report


class Command(BaseCommand):
    help = "Check a trainer's source notebook the way the admin does before it can be published."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source")
        parser.add_argument("--timeout", type=float, default=30.0, help="time limit per cell (s)")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument(
            "--autotests",
            help="nbgrader's autotests.yml for AUTOTEST directives (default: autotests.yml beside "
            "the notebook, else the one nbgrader ships)",
        )

    def handle(self, *args, **options) -> None:
        path = options["source"]
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            print(
                f"error: {path}: cannot read the file ({error.strerror or error})", file=sys.stderr
            )
            sys.exit(2)
        try:
            autotests = read_autotests(path, options["autotests"])
        except OSError as error:
            print(f"error: {error}", file=sys.stderr)
            sys.exit(2)
        try:
            report = full_report(
                data,
                cell_timeout_s=options["timeout"],
                notebook_timeout_s=max(120.0, options["timeout"] * 4),
                autotests=autotests,
            )
        except Exception as error:
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)
        finally:
            shutdown_executor()
        unreadable = not report["summary"] and report["problems"]
        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(self.describe(path, report))
        if unreadable:
            sys.exit(2)
        if not report["passed"]:
            sys.exit(1)

    def describe(self, path: str, report: dict) -> str:
        lines = []
        for problem in report["problems"]:
            lines.append(f"problem: {problem['message']}")
        summary = report.get("summary") or {}
        if summary:
            lines.append(
                f"{summary['answers']} answer cells, {summary['tests']} tests "
                f"({summary['hidden_tests']} with hidden tests), {summary['manual']} manually "
                f"graded; maximum score {summary['max_score']:g}"
            )
        reference = report.get("reference")
        if reference:
            lines.append(
                f"reference solution: {reference['score']:g} / {reference['max_score']:g} on "
                f"autograded tests{'' if reference['sandboxed'] else ' (WITHOUT the sandbox)'}"
            )
            for failure in reference["failures"]:
                lines.append(
                    f"failed: {failure['grade_id']} ({failure['status']}) {failure['error']}"
                )
            if reference.get("error"):
                lines.append(f"error: {reference['error']}")
        lines.append(f"{path}: {'OK, can be published' if report['passed'] else 'NOT publishable'}")
        return "\n".join(lines)
