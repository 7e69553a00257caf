"""nbgrader's AUTOTEST directives turned into test code, as nbgrader's ``InstantiateTests`` does.

A test cell line that is a comment containing ``AUTOTEST`` (``### AUTOTEST a; len(b)``, or
``### HASHED AUTOTEST a``) is replaced by assertions generated from the trainer's autotests.yml
(:mod:`notebooks.autotest_config`). Generating them needs the values of the snippets, so the source
notebook runs in a kernel first: :func:`instantiate_autotests` builds *probe* notebooks (the source's
code split at the directives, with the yml's dispatch code and each snippet's test expressions in
cells of their own), has the injected executor run them, and writes the test code from what each
probe displayed. This module runs nothing itself.

Two runs, as nbgrader's one interactive kernel session has to be replayed by a notebook executor:
the first learns each snippet's type (the dispatch result, which chooses its tests), the second
evaluates those tests in the same state nbgrader evaluates them in (dispatch, then the tests, at the
directive's place in its cell). Matching nbgrader 0.9.6 line for line: setup code once per cell
before its first directive, one blank line after each snippet's assertions, the success code at the
end of a graded cell that mentions AUTOTEST, salts of hashed snippets derived from the cell's source
and index (so the same notebook always gives the same tests), and the displayed value with
surrounding quotes stripped.
"""

from __future__ import annotations

import copy
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from nbformat import NotebookNode
from nbformat.v4 import new_code_cell, new_notebook

from notebooks import cells
from notebooks.autotest_config import AutotestTemplates, TypeTest, render
from notebooks.errors import ErrorCode, NotebookError

DELIMITER = "AUTOTEST"
HASHED = "HASHED"
COMMENT = "#"
OK_STATUSES = frozenset({"ok"})
# A plain code chunk may print past the output limit and still have run to the end.
CODE_OK_STATUSES = frozenset({"ok", "output_truncated"})
SnippetRef = tuple[int, int, int]  # (cell index, line index, snippet number)
# The executor, injected as in the grading pipeline: ``execute(nb, limits) -> executed nb``.
Executor = Callable[[NotebookNode, Any], NotebookNode]


@dataclass(frozen=True)
class Snippet:
    ref: SnippetRef
    code: str
    salt: str | None


@dataclass(frozen=True)
class Directive:
    hashed: bool
    snippets: tuple[Snippet, ...]


@dataclass(frozen=True)
class Probe:
    """One cell of a probe notebook: what it runs and, for a snippet's probes, which snippet."""

    kind: str  # "code" | "setup" | "dispatch" | "test"
    cell_index: int
    code: str
    snippet: Snippet | None = None
    test: int | None = None


def is_directive(line: str) -> bool:
    """nbgrader's rule: the delimiter anywhere in a line that is a comment."""
    return DELIMITER in line and line.strip()[: len(COMMENT)] == COMMENT


def cell_has_directives(cell: Mapping[str, Any]) -> bool:
    if cell.get("cell_type") != "code":
        return False
    return any(is_directive(line) for line in cells.source_text(cell).split("\n"))


def uses_autotest(nb: NotebookNode) -> bool:
    return any(cell_has_directives(cell) for cell in nb.cells)


def parse_cell(cell: Mapping[str, Any], index: int) -> list[str | Directive]:
    """The cell's lines, each directive parsed into its snippets (with their salts)."""
    source = cells.source_text(cell)
    salt = int(hashlib.sha256((source + str(index)).encode("utf-8")).hexdigest(), 16) % 10**6
    items: list[str | Directive] = []
    for line_index, line in enumerate(source.split("\n")):
        if not is_directive(line):
            items.append(line)
            continue
        at = line.find(DELIMITER)
        hashed = HASHED in line[:at]
        codes = [part.strip() for part in line[at + len(DELIMITER) :].strip(";").split(";")]
        if "" in codes:
            codes.remove("")  # nbgrader removes the first empty snippet only
        snippets = []
        for number, code in enumerate(codes):
            snippet_salt = None
            if hashed:
                salt += 1
                snippet_salt = format(salt, "x")
            snippets.append(Snippet(ref=(index, line_index, number), code=code, salt=snippet_salt))
        items.append(Directive(hashed=hashed, snippets=tuple(snippets)))
    return items


def template_problems(nb: NotebookNode, templates: AutotestTemplates) -> list[NotebookError]:
    """What the yml lacks for this notebook, found before any kernel runs."""
    problems = []
    for index, cell in enumerate(nb.cells):
        if templates.hash is None and cell_has_directives(cell):
            parsed = parse_cell(cell, index)
            if any(isinstance(item, Directive) and item.hashed for item in parsed):
                problems.append(
                    NotebookError(
                        ErrorCode.AUTOTEST_HASH_MISSING,
                        cell_number=index + 1,
                        section=templates.section,
                    )
                )
    return problems


def test_code(templates: AutotestTemplates, test: TypeTest, snippet: Snippet) -> str:
    """The expression whose displayed value the assertion compares (normalised, maybe hashed)."""
    expression = render(templates.normalize, snippet=test.test)
    if snippet.salt is not None and templates.hash is not None:
        expression = render(templates.hash, snippet=expression, salt=snippet.salt)
    return render(expression, snippet=snippet.code)


def probe_notebook(
    nb: NotebookNode,
    templates: AutotestTemplates,
    chosen: Mapping[SnippetRef, tuple[TypeTest, ...]] | None = None,
) -> tuple[NotebookNode, tuple[Probe, ...]]:
    """The source's code in the order nbgrader runs it, with each snippet's dispatch code and,
    when the tests are ``chosen``, each test expression after it."""
    probes: list[Probe] = []

    def add(kind: str, index: int, code: str, snippet=None, test=None) -> None:
        if kind != "code" or code.strip():
            probes.append(Probe(kind, index, code, snippet, test))

    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or not cells.source_text(cell):
            continue
        pending: list[str] = []
        setup_done = False
        for item in parse_cell(cell, index):
            if isinstance(item, str):
                pending.append(item)
                continue
            add("code", index, "\n".join(pending))
            pending = []
            if templates.setup is not None and not setup_done:
                add("setup", index, templates.setup)
                setup_done = True
            for snippet in item.snippets:
                add("dispatch", index, render(templates.dispatch, snippet=snippet.code), snippet)
                for number, test in enumerate((chosen or {}).get(snippet.ref, ())):
                    add("test", index, test_code(templates, test, snippet), snippet, number)
        if _gets_success(cell, templates):
            pending.append(templates.success or "")
        add("code", index, "\n".join(pending))
    notebook = new_notebook(metadata=copy.deepcopy(dict(nb.metadata)))
    notebook.cells = [new_code_cell(probe.code) for probe in probes]
    return notebook, tuple(probes)


def displayed_values(
    executed: NotebookNode, probes: tuple[Probe, ...]
) -> dict[tuple[SnippetRef, int | None], str | None]:
    """(snippet, test number or None for dispatch) → what the probe displayed. Raises
    :class:`NotebookError` for the first probe that did not run to the end."""
    values: dict[tuple[SnippetRef, int | None], str | None] = {}
    if len(executed.cells) != len(probes):
        raise ValueError("the executed probe notebook does not match its probes")
    for probe, cell in zip(probes, executed.cells, strict=True):
        status = str(cells.manabi_meta(cell).get("status", "not_run"))
        allowed = CODE_OK_STATUSES if probe.kind == "code" else OK_STATUSES
        if status not in allowed:
            raise _run_failed(probe, cell, status)
        if probe.snippet is not None:
            values[(probe.snippet.ref, probe.test)] = _last_display(cell)
    return values


def render_instantiated(
    nb: NotebookNode,
    templates: AutotestTemplates,
    chosen: Mapping[SnippetRef, tuple[TypeTest, ...]],
    values: Mapping[tuple[SnippetRef, int | None], str | None],
) -> NotebookNode:
    """The source with every directive replaced by its assertions (the pure last step)."""
    result = copy.deepcopy(nb)
    for index, cell in enumerate(result.cells):
        if cell.cell_type != "code":
            continue
        has_directives = cell_has_directives(cell)
        success = _gets_success(cell, templates)
        if not (has_directives or success):
            continue
        lines: list[str] = []
        setup_done = False
        for item in parse_cell(cell, index):
            if isinstance(item, str):
                lines.append(item)
                continue
            if templates.setup is not None and not setup_done:
                lines.append(templates.setup)
                setup_done = True
            for snippet in item.snippets:
                for number, test in enumerate(chosen[snippet.ref]):
                    message = render(test.fail, snippet=snippet.code).replace('"', '\\"')
                    lines.append(
                        render(
                            templates.check,
                            snippet=test_code(templates, test, snippet),
                            value=values[(snippet.ref, number)],
                            message=message,
                        )
                    )
                lines.append("")
        if success:
            lines.append(templates.success or "")
        cell.source = "\n".join(lines)
    return result


def instantiate_autotests(
    nb: NotebookNode, templates: AutotestTemplates, execute: Executor, limits: Any
) -> NotebookNode:
    """The source notebook with its AUTOTEST directives turned into tests.

    ``execute(nb, limits) -> executed nb`` runs the probe notebooks (the sandbox, in production).
    Raises :class:`NotebookError` when the yml lacks what the notebook needs, when any of the
    source's code, the dispatch or a test expression raises, or when a snippet's type changes
    between the two runs.
    """
    if not uses_autotest(nb):
        return nb
    problems = template_problems(nb, templates)
    if problems:
        raise problems[0]
    first, first_probes = probe_notebook(nb, templates)
    dispatched = displayed_values(execute(first, limits), first_probes)
    chosen = {ref: templates.tests_for(value) for (ref, _test), value in dispatched.items()}
    second, second_probes = probe_notebook(nb, templates, chosen)
    values = displayed_values(execute(second, limits), second_probes)
    for probe in second_probes:
        if probe.kind == "dispatch" and probe.snippet is not None:
            key = (probe.snippet.ref, None)
            if values[key] != dispatched[key]:
                raise NotebookError(
                    ErrorCode.AUTOTEST_NONDETERMINISTIC,
                    cell_number=probe.cell_index + 1,
                    snippet=probe.snippet.code,
                    first=dispatched[key],
                    second=values[key],
                )
    return render_instantiated(nb, templates, chosen, values)


def _gets_success(cell: NotebookNode, templates: AutotestTemplates) -> bool:
    return (
        cells.is_grade(cell)
        and templates.success is not None
        and DELIMITER in cells.source_text(cell)
    )


def _sanitize(text: str) -> str:
    """nbgrader's Python sanitizer: the displayed text without surrounding quotes."""
    return text.strip('"').strip("'")


def _last_display(cell: NotebookNode) -> str | None:
    value = None
    for output in cell.get("outputs", []):
        if output.get("output_type") in ("execute_result", "display_data"):
            text = output.get("data", {}).get("text/plain")
            if isinstance(text, list):
                text = "".join(text)
            if isinstance(text, str):
                value = _sanitize(text)
    return value


def _run_failed(probe: Probe, cell: NotebookNode, status: str) -> NotebookError:
    error = next((o for o in cell.get("outputs", []) if o.get("output_type") == "error"), None)
    if error is not None:
        detail = f"{error.get('ename', '')}: {error.get('evalue', '')}".strip(": ")
    else:
        detail = status
    statement = probe.code if len(probe.code) <= 300 else probe.code[:300] + "…"
    return NotebookError(
        ErrorCode.AUTOTEST_RUN_FAILED,
        cell_number=probe.cell_index + 1,
        statement=statement,
        error=detail or status,
    )
