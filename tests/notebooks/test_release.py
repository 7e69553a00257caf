"""The learner version: what a learner downloads contains nothing the trainer keeps back."""

from __future__ import annotations

import json

import nbformat
from nbformat import NotebookNode
from nbformat.v4 import new_markdown_cell, new_notebook

from notebooks import RELEASE_STEPS, ReleaseContext, make_learner_version, read_source
from notebooks.cells import compute_checksum, grade_id
from notebooks.release import (
    clear_hidden_tests,
    clear_outputs,
    clear_solutions,
    record_checksums,
    strip_trainer_metadata,
)
from tests.notebooks.conftest import nbgrader_path


def by_id(nb: NotebookNode) -> dict[str, NotebookNode]:
    return {grade_id(cell): cell for cell in nb.cells if grade_id(cell)}


def test_solutions_become_nbgraders_stubs(squares_source: NotebookNode) -> None:
    """Are solution regions replaced by nbgrader's code and text stubs, keeping the rest?"""
    cells = by_id(make_learner_version(squares_source))
    assert cells["squares"].source == (
        "def squares(n):\n"
        '    """Return [1, 4, ..., n**2]."""\n'
        "    # YOUR CODE HERE\n"
        "    raise NotImplementedError()"
    )
    assert cells["explain"].source == "YOUR ANSWER HERE"


def test_an_answer_cell_without_markers_is_replaced_whole() -> None:
    """Does an answer cell with no BEGIN SOLUTION become just the stub (nbgrader's rule)?"""
    source = read_source(nbgrader_path("user_guide/source/ps1/problem1.ipynb").read_bytes())
    cells = by_id(make_learner_version(source))
    assert cells["sum_of_squares_application"].source == (
        "# YOUR CODE HERE\nraise NotImplementedError()"
    )


def test_custom_stubs() -> None:
    """Can the stubs be configured through the release context?"""
    source = read_source(nbgrader_path("user_guide/source/ps1/problem1.ipynb").read_bytes())
    context = ReleaseContext(code_stub="# ここに書いてください\npass", text_stub="ここに解答")
    cells = by_id(make_learner_version(source, context))
    assert cells["sum_of_squares_application"].source == "# ここに書いてください\npass"
    assert cells["sum_of_squares_equation"].source == "ここに解答"


def test_nothing_secret_remains(squares_source: NotebookNode) -> None:
    """Is the learner file free of solutions, hidden tests, mark schemes, hints in metadata and
    the trainer's outputs?"""
    text = nbformat.writes(make_learner_version(squares_source))
    for secret in (
        "SECRET-7f3a",
        "BEGIN HIDDEN TESTS",
        "i * i for i",
        "sum(squares(n))",
        "grow quadratically",
        "Give 1 point",
        "MARK SCHEME",
        "What should happen when n is 0",
        "trainer output",
    ):
        assert secret not in text, secret


def test_visible_tests_and_visible_hints_stay(squares_source: NotebookNode) -> None:
    """Do the visible part of a test and its # HINT: line stay for the learner?"""
    cells = by_id(make_learner_version(squares_source))
    assert cells["test_squares_hidden"].source == "assert squares(2) == [1, 4]"
    assert "# HINT: squares(3) should be [1, 4, 9]." in cells["test_squares_visible"].source


def test_outputs_are_cleared(squares_source: NotebookNode) -> None:
    """Do code cells lose outputs and execution counts?"""
    assert squares_source.cells[1].outputs
    for cell in make_learner_version(squares_source).cells:
        if cell.cell_type == "code":
            assert cell.outputs == []
            assert cell.execution_count is None


def test_checksums_match_nbgraders() -> None:
    """Are the checksums recorded in the learner version the ones nbgrader itself recorded?"""
    released = read_source(nbgrader_path("tests/apps/files/submitted-unchanged.ipynb").read_bytes())
    expected = {key: cell.metadata.nbgrader["checksum"] for key, cell in by_id(released).items()}
    again = by_id(make_learner_version(released))
    assert {key: cell.metadata.nbgrader["checksum"] for key, cell in again.items()} == expected
    assert again["baz"].metadata.nbgrader["cell_type"] == "markdown"


def test_answer_checksums_match_nbgraders_generate_assignment() -> None:
    """Does the learner version of nbgrader's ps1 source carry the answer checksums nbgrader's
    generate_assignment gave the students?"""
    source = read_source(nbgrader_path("user_guide/source/ps1/problem1.ipynb").read_bytes())
    student = read_source(
        nbgrader_path("user_guide/submitted/hacker/ps1/problem1.ipynb").read_bytes()
    )
    ours = by_id(make_learner_version(source))
    for key in ("squares", "sum_of_squares", "sum_of_squares_application", "jupyter"):
        assert (
            ours[key].metadata.nbgrader["checksum"]
            == (by_id(student)[key].metadata.nbgrader["checksum"])
        )


def test_cells_are_locked_like_nbgrader_does(squares_source: NotebookNode) -> None:
    """Are tests and locked cells non-editable and answers non-deletable?"""
    cells = by_id(make_learner_version(squares_source))
    assert cells["setup"].metadata["editable"] is False
    assert cells["test_total"].metadata["editable"] is False
    assert cells["squares"].metadata["deletable"] is False
    assert "editable" not in cells["squares"].metadata


def test_attachments_of_a_removed_solution_are_dropped() -> None:
    """Does an image attached to a removed solution disappear, while a shown image stays?"""
    cell = new_markdown_cell(
        "![shown](attachment:shown.png)\n### BEGIN SOLUTION\n![answer](attachment:answer.png)\n"
        "### END SOLUTION",
        metadata={
            "nbgrader": {
                "grade": True,
                "solution": True,
                "locked": False,
                "grade_id": "drawing",
                "points": 1,
                "schema_version": 3,
            }
        },
    )
    cell["attachments"] = {
        "shown.png": {"image/png": "c2hvd24="},
        "answer.png": {"image/png": "YW5zd2Vy"},
    }
    learner = make_learner_version(new_notebook(cells=[cell]))
    assert set(learner.cells[0].attachments) == {"shown.png"}


def test_the_source_is_not_changed(squares_source: NotebookNode) -> None:
    """Is the trainer's notebook left exactly as it was (steps are pure)?"""
    before = json.dumps(squares_source, sort_keys=True)
    make_learner_version(squares_source)
    assert json.dumps(squares_source, sort_keys=True) == before


def test_release_steps_order() -> None:
    """Are secrets removed before checksums are recorded, and outputs cleared first?"""
    assert RELEASE_STEPS[0] is clear_outputs
    assert RELEASE_STEPS[-1] is record_checksums
    for step in (clear_solutions, clear_hidden_tests, strip_trainer_metadata):
        assert RELEASE_STEPS.index(step) < RELEASE_STEPS.index(record_checksums)


def test_learner_version_is_a_valid_notebook_that_reads_back(squares_source: NotebookNode) -> None:
    """Is the learner version valid nbformat whose checksums are nbgrader's of its own cells?"""
    learner = make_learner_version(squares_source)
    nbformat.validate(learner)
    for cell in by_id(learner).values():
        assert cell.metadata.nbgrader["checksum"] == compute_checksum(cell)
