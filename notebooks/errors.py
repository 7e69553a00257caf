"""The one exception the notebook layer raises, with a stable code per problem.

The Django layer translates by ``code`` (and fills in ``params``); the English ``message`` is for logs,
the command line and tests. Codes never change meaning once released.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    # Reading the file
    TOO_LARGE = "too_large"
    NOT_UTF8 = "not_utf8"
    INVALID_JSON = "invalid_json"
    NOT_A_NOTEBOOK = "not_a_notebook"
    UNSUPPORTED_NBFORMAT = "unsupported_nbformat"
    TOO_MANY_CELLS = "too_many_cells"
    INVALID_NOTEBOOK = "invalid_notebook"
    # nbgrader cell metadata
    SCHEMA_TOO_NEW = "schema_too_new"
    INVALID_METADATA = "invalid_metadata"
    MISSING_GRADE_ID = "missing_grade_id"
    BLANK_GRADE_ID = "blank_grade_id"
    INVALID_GRADE_ID = "invalid_grade_id"
    DUPLICATE_GRADE_ID = "duplicate_grade_id"
    MISSING_POINTS = "missing_points"
    NEGATIVE_POINTS = "negative_points"
    INVALID_POINTS = "invalid_points"
    WRONG_CELL_TYPE = "wrong_cell_type"
    MARKDOWN_GRADE_NOT_SOLUTION = "markdown_grade_not_solution"
    MARKDOWN_SOLUTION_NOT_GRADED = "markdown_solution_not_graded"
    TASK_NOT_MARKDOWN = "task_not_markdown"
    # Markers inside cell sources
    UNCLOSED_REGION = "unclosed_region"
    NESTED_REGION = "nested_region"
    REGION_IN_WRONG_CELL = "region_in_wrong_cell"
    # No longer raised (AUTOTEST directives are turned into tests on upload); kept so stored
    # reports keep their meaning.
    AUTOTEST_UNSUPPORTED = "autotest_unsupported"
    AUTOTEST_OUTSIDE_TEST_CELL = "autotest_outside_test_cell"
    AUTOTEST_NOT_INSTANTIATED = "autotest_not_instantiated"
    UNSUPPORTED_LANGUAGE = "unsupported_language"
    # nbgrader's autotests.yml and the tests generated from it
    AUTOTEST_YAML_INVALID = "autotest_yaml_invalid"
    AUTOTEST_YAML_NO_KERNEL = "autotest_yaml_no_kernel"
    AUTOTEST_YAML_MISSING = "autotest_yaml_missing"
    AUTOTEST_YAML_ENTRY = "autotest_yaml_entry"
    AUTOTEST_YAML_TEMPLATE = "autotest_yaml_template"
    AUTOTEST_HASH_MISSING = "autotest_hash_missing"
    AUTOTEST_RUN_FAILED = "autotest_run_failed"
    AUTOTEST_NONDETERMINISTIC = "autotest_nondeterministic"
    # Submissions
    WRONG_EXERCISE = "wrong_exercise"


MESSAGES: dict[ErrorCode, str] = {
    ErrorCode.TOO_LARGE: "The file is {size} bytes; the limit is {max_bytes} bytes.",
    ErrorCode.NOT_UTF8: "The file is not UTF-8 text (it looks like binary data): {detail}.",
    ErrorCode.INVALID_JSON: (
        "The file is not valid JSON (line {line}, column {column}): {detail}. "
        "A notebook is a JSON file; was it saved from Jupyter?"
    ),
    ErrorCode.NOT_A_NOTEBOOK: "The file is JSON but not a Jupyter notebook: {detail}.",
    ErrorCode.UNSUPPORTED_NBFORMAT: (
        "The notebook uses nbformat {version}; only nbformat 4 is supported. "
        "Open and save it in a current Jupyter to convert it."
    ),
    ErrorCode.TOO_MANY_CELLS: "The notebook has {count} cells; the limit is {max_cells}.",
    ErrorCode.INVALID_NOTEBOOK: "The notebook does not follow nbformat 4: {detail}.",
    ErrorCode.SCHEMA_TOO_NEW: (
        "Cell {cell_number} uses nbgrader metadata schema version {version}; "
        "the newest supported is {expected}."
    ),
    ErrorCode.INVALID_METADATA: "Cell {cell_number} has invalid nbgrader metadata: {detail}.",
    ErrorCode.MISSING_GRADE_ID: "Cell {cell_number} is an nbgrader cell but has no grade id.",
    ErrorCode.BLANK_GRADE_ID: "Cell {cell_number} has a blank grade id.",
    ErrorCode.INVALID_GRADE_ID: (
        "Cell {cell_number} has the grade id {grade_id!r}; grade ids may contain only "
        "letters, digits, '_' and '-'."
    ),
    ErrorCode.DUPLICATE_GRADE_ID: (
        "The grade id {grade_id!r} is used by cells {first_cell_number} and {cell_number}; "
        "grade ids must be unique."
    ),
    ErrorCode.MISSING_POINTS: "The graded cell {grade_id!r} (cell {cell_number}) has no points.",
    ErrorCode.NEGATIVE_POINTS: (
        "The graded cell {grade_id!r} (cell {cell_number}) has negative points ({points})."
    ),
    ErrorCode.INVALID_POINTS: (
        "The graded cell {grade_id!r} (cell {cell_number}) has points that are not a "
        "number: {points!r}."
    ),
    ErrorCode.WRONG_CELL_TYPE: (
        "The nbgrader cell {grade_id!r} (cell {cell_number}) is a {cell_type} cell; "
        "only code and markdown cells can be graded, locked or answer cells."
    ),
    ErrorCode.MARKDOWN_GRADE_NOT_SOLUTION: (
        "The markdown cell {grade_id!r} (cell {cell_number}) is graded but is not an answer "
        "cell; a graded markdown cell must also be marked as a solution."
    ),
    ErrorCode.MARKDOWN_SOLUTION_NOT_GRADED: (
        "The markdown answer cell in cell {cell_number} is not graded; a markdown answer cell "
        "must also be marked as graded (manually graded answer)."
    ),
    ErrorCode.TASK_NOT_MARKDOWN: (
        "The task cell {grade_id!r} (cell {cell_number}) is a {cell_type} cell; "
        "task cells must be markdown."
    ),
    ErrorCode.UNCLOSED_REGION: ("Cell {cell_number} has '{begin}' without a matching '{end}'."),
    ErrorCode.NESTED_REGION: "Cell {cell_number} has '{begin}' inside another '{begin}' region.",
    ErrorCode.REGION_IN_WRONG_CELL: (
        "Cell {cell_number} contains '{begin}', which is only allowed in {allowed}."
    ),
    ErrorCode.AUTOTEST_UNSUPPORTED: (
        "Cell {cell_number} uses nbgrader's '### AUTOTEST' templates, which Manabi does not "
        "support; write the assertions out instead."
    ),
    ErrorCode.AUTOTEST_OUTSIDE_TEST_CELL: (
        "Cell {cell_number} has an AUTOTEST directive, but only graded test cells (graded, not "
        "answer cells) may have them."
    ),
    ErrorCode.AUTOTEST_NOT_INSTANTIATED: (
        "Cell {cell_number} has AUTOTEST directives that have not been turned into tests; upload "
        "the notebook (with its autotests.yml) so that they are generated."
    ),
    ErrorCode.AUTOTEST_YAML_INVALID: (
        "autotests.yml is not valid YAML (line {line}, column {column}): {detail}."
    ),
    ErrorCode.AUTOTEST_YAML_NO_KERNEL: (
        "autotests.yml has no section for the notebook's kernel {kernel!r} (nor 'python3' or "
        "'python'); AUTOTEST needs one."
    ),
    ErrorCode.AUTOTEST_YAML_MISSING: (
        "autotests.yml's {section!r} section has no {key!r}, which AUTOTEST needs."
    ),
    ErrorCode.AUTOTEST_YAML_ENTRY: "In autotests.yml, {where} must be {expected}.",
    ErrorCode.AUTOTEST_YAML_TEMPLATE: (
        "In autotests.yml, {where} uses {found!r}; a template may only use {allowed}."
    ),
    ErrorCode.AUTOTEST_HASH_MISSING: (
        "Cell {cell_number} uses HASHED AUTOTEST, but autotests.yml's {section!r} section has no "
        "'hash' template."
    ),
    ErrorCode.AUTOTEST_RUN_FAILED: (
        "The AUTOTEST tests of cell {cell_number} could not be generated: running {statement!r} "
        "in the sandbox gave {error}."
    ),
    ErrorCode.AUTOTEST_NONDETERMINISTIC: (
        "The AUTOTEST snippet {snippet!r} in cell {cell_number} gave the type {first!r} on one run "
        "and {second!r} on the next; a snippet must give the same result every time."
    ),
    ErrorCode.UNSUPPORTED_LANGUAGE: (
        "The notebook's kernel language is {language!r}; only Python notebooks are supported."
    ),
    ErrorCode.WRONG_EXERCISE: (
        "The submitted notebook belongs to another exercise: none of its cells match this "
        "exercise's cells."
    ),
}


class NotebookError(ValueError):
    """Anything wrong with a notebook file, a trainer's source notebook or a submission.

    ``code`` is stable (see :class:`ErrorCode`), ``params`` holds the values the message mentions
    and ``message`` is a complete English sentence.
    """

    def __init__(self, code: ErrorCode, **params: Any) -> None:
        self.code = ErrorCode(code)
        self.params: dict[str, Any] = params
        self.message = MESSAGES[self.code].format(**params)
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"NotebookError({self.code.value!r}, {self.params!r})"
