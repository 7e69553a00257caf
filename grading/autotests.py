"""nbgrader's AUTOTEST directives of an uploaded source, generated once in the sandbox.

The pure work is :mod:`notebooks.autotest`; this module supplies the autotests.yml (the trainer's,
or nbgrader's own when none is given) and the executor that runs the probe notebooks. The result
is the source that gets stored, so every submission of a version is graded against the same tests.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from nbformat import NotebookNode

from grading.execution import ExecutorFailed
from notebooks.autotest import instantiate_autotests, uses_autotest
from notebooks.autotest_config import FILE_NAME, default_autotests, parse_autotests


def read_autotests(source_path: str | Path, given: str | Path | None) -> bytes | None:
    """The command line's autotests.yml: ``given`` (``--autotests``), else the file beside the
    source notebook, as nbgrader reads it from the course directory; ``None`` when neither exists.
    Raises :class:`OSError` with the path when ``given`` cannot be read."""
    if given is not None:
        try:
            return Path(given).read_bytes()
        except OSError as error:
            raise OSError(f"{given}: cannot read the file ({error.strerror or error})") from None
    beside = Path(source_path).resolve().parent / FILE_NAME
    try:
        return beside.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as error:
        raise OSError(f"{beside}: cannot read the file ({error.strerror or error})") from None


def prepare_autotests(
    nb: NotebookNode, autotests: bytes | None, limits: Any, *, executor: Any = None
) -> NotebookNode:
    """``nb`` with its directives replaced by tests (``nb`` itself when it has none).

    Raises :class:`notebooks.errors.NotebookError` for a bad yml or a snippet that fails, and
    :class:`grading.execution.ExecutorFailed` when the sandbox could not run at all.
    """
    if not uses_autotest(nb):
        return nb
    kernelspec = nb.metadata.get("kernelspec") or {}
    kernel_name = kernelspec.get("name", "") if isinstance(kernelspec, dict) else ""
    templates = parse_autotests(
        autotests if autotests is not None else default_autotests(), str(kernel_name)
    )
    with _executor(executor) as running:

        def execute(probe: NotebookNode, run_limits: Any) -> NotebookNode:
            result = running.execute(probe, run_limits)
            if result.status == "failed":
                raise ExecutorFailed(result.log.strip().splitlines()[-1] if result.log else "")
            return result.notebook

        return instantiate_autotests(nb, templates, execute, limits)


@contextlib.contextmanager
def _executor(executor: Any) -> Iterator[Any]:
    """The given executor, or a short-lived one without pre-started kernels: uploads happen in web
    processes, which should not keep a kernel pool for the rare AUTOTEST notebook."""
    if executor is not None:
        yield executor
        return
    from grading.checks import sandbox_setting_problem
    from grading.sandbox import Executor, ExecutorConfig, SandboxUnavailableError

    problem = sandbox_setting_problem()
    if problem:
        raise SandboxUnavailableError(problem)
    with Executor(ExecutorConfig.from_env(pool_size=0)) as temporary:
        yield temporary
