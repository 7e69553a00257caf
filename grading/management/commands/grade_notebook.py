"""``manage.py grade_notebook SOURCE.ipynb SUBMISSION.ipynb [...]``: the workers' pipeline and sandbox
on files, one JSON line per submission in the order given. AUTOTEST directives in the source are
turned into tests first (the autotests.yml beside the source, or ``--autotests PATH``).

Exit status: 0 when every submission was graded (timeouts and dead kernels are graded outcomes);
2 with one line on stderr, before anything runs, when a file is unreadable or not a valid notebook
of this exercise; 1 when the sandbox cannot run (the line says what to install).
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from grading.autotests import read_autotests
from grading.execution import (
    ExecutorFailed,
    get_executor,
    make_limits,
    run_pipeline,
    shutdown_executor,
)
from grading.models import GradeStatus
from grading.sources import inspect_source, read_upload
from notebooks.autotest import uses_autotest
from notebooks.errors import NotebookError
from notebooks.feedback import page_language
from notebooks.submission import prepare_submission

DEFAULT_NOTEBOOK_TIMEOUT = 120.0


class Command(BaseCommand):
    help = "Grade submissions against a trainer's source notebook, printing one JSON line each."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="the trainer's source notebook (nbgrader format)")
        parser.add_argument("submissions", nargs="+", help="learners' notebooks")
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="time limit per cell, in seconds"
        )
        parser.add_argument(
            "--feedback-dir", type=Path, help="write each learner feedback page (HTML) here"
        )
        parser.add_argument("--language", default=settings.LANGUAGE_CODE)
        parser.add_argument(
            "--autotests",
            help="nbgrader's autotests.yml for AUTOTEST directives (default: autotests.yml beside "
            "the source, else the one nbgrader ships)",
        )

    def handle(self, *args, **options) -> None:
        timeout = options["timeout"]
        if not (math.isfinite(timeout) and timeout > 0):
            self.fail("--timeout must be a positive number of seconds")
        data = self.read_bytes(options["source"])
        code_cells = sum(
            1
            for cell in self.read_notebook(options["source"], data).cells
            if cell.cell_type == "code"
        )
        limits = make_limits(
            cell_timeout_s=timeout,
            notebook_timeout_s=max(DEFAULT_NOTEBOOK_TIMEOUT, timeout * code_cells),
        )
        source = self.read_source(options["source"], data, options["autotests"], limits)
        submitted = [self.read_submission(path, source) for path in options["submissions"]]
        feedback_dir = options["feedback_dir"]
        if feedback_dir is not None:
            try:
                feedback_dir.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                self.fail(
                    f"{feedback_dir}: cannot create the directory ({error.strerror or error})"
                )
        used_names: set[str] = set()
        try:
            for path, nb in submitted:
                try:
                    result, record = run_pipeline(source, nb, limits, language=options["language"])
                except ExecutorFailed as error:
                    print(f"error: the sandbox could not run {path}: {error}", file=sys.stderr)
                    sys.exit(1)
                status = GradeStatus.TIMED_OUT if record.timed_out else GradeStatus.GRADED
                report = result.report
                line = {
                    "submission": path,
                    "score": report.score,
                    "max_score": report.max_score,
                    "needs_manual_grade": report.needs_manual_grade,
                    "status": str(status),
                    "cells": [
                        {
                            "grade_id": cell.grade_id,
                            "score": cell.score,
                            "max_score": cell.max_score,
                            "status": cell.status,
                        }
                        for cell in report.cells
                    ],
                }
                self.stdout.write(json.dumps(line, ensure_ascii=False))
                self.stdout.flush()
                if feedback_dir is not None:
                    write_feedback(
                        feedback_dir, path, result.feedback_html, used_names, options["language"]
                    )
        except Exception as error:  # the sandbox missing, for example: one line, no traceback
            if isinstance(error, SystemExit):
                raise
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
            sys.exit(1)
        finally:
            shutdown_executor()

    def read_notebook(self, path: str, data: bytes):
        try:
            return read_upload(data)
        except NotebookError as error:
            self.fail(f"{path}: {error.message}")

    def read_source(self, path: str, data: bytes, autotests_path: str | None, limits):
        """The source, with AUTOTEST directives turned into tests in the sandbox (before any
        submission runs; a bad autotests.yml or a failing snippet exits 2 like a bad file)."""
        try:
            autotests = read_autotests(path, autotests_path)
        except OSError as error:
            self.fail(str(error))
        try:
            # The workers' executor, started only when the directives need it.
            executor = get_executor() if uses_autotest(read_upload(data)) else None
            info = inspect_source(data, autotests=autotests, limits=limits, executor=executor)
        except NotebookError as error:
            self.fail(f"{path}: {error.message}")
        except Exception as error:  # the sandbox missing, for example: one line, no traceback
            print(f"error: {type(error).__name__}: {error}", file=sys.stderr)
            shutdown_executor()
            sys.exit(1)
        if not info.is_valid:
            self.fail(f"{path}: {info.problems[0].message}")
        return info.nb

    def read_submission(self, path: str, source):
        try:
            nb = read_upload(self.read_bytes(path))
            prepare_submission(source, nb)
        except NotebookError as error:
            self.fail(f"{path}: {error.message}")
        return path, nb

    def read_bytes(self, path: str) -> bytes:
        try:
            return Path(path).read_bytes()
        except OSError as error:
            self.fail(f"{path}: cannot read the file ({error.strerror or error})")

    def fail(self, message: str) -> None:
        print(f"error: {message}", file=sys.stderr)
        sys.exit(2)


def write_feedback(folder: Path, path: str, fragment: str, used: set[str], language: str) -> None:
    stem = Path(path).stem or "submission"
    name, counter = stem, 2
    while name in used:
        name, counter = f"{stem}-{counter}", counter + 1
    used.add(name)
    page = (
        f'<!DOCTYPE html>\n<html lang="{page_language(language)}">\n<head><meta charset="utf-8">'
        f"<title>{_escape(stem)}</title></head>\n<body>\n{fragment}\n</body>\n</html>\n"
    )
    (folder / f"{name}.html").write_text(page, encoding="utf-8")


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
