"""The notebook layer's errors in the user's language (the one place that translates them)."""

from __future__ import annotations

from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from notebooks.errors import ErrorCode, NotebookError

MESSAGES = {
    ErrorCode.TOO_LARGE: gettext_lazy("The file is %(size)s; the limit is %(max_bytes)s."),
    ErrorCode.NOT_UTF8: gettext_lazy(
        "The file is not a notebook: it is not text (it looks like binary data)."
    ),
    ErrorCode.INVALID_JSON: gettext_lazy(
        "The file is not valid JSON (line %(line)s, column %(column)s). A notebook is a JSON "
        "file; please upload the .ipynb file saved from Jupyter."
    ),
    ErrorCode.NOT_A_NOTEBOOK: gettext_lazy(
        "The file is JSON but not a Jupyter notebook (%(detail)s)."
    ),
    ErrorCode.UNSUPPORTED_NBFORMAT: gettext_lazy(
        "The notebook uses nbformat %(version)s; only nbformat 4 is supported. Open and save it "
        "in a current Jupyter to convert it."
    ),
    ErrorCode.TOO_MANY_CELLS: gettext_lazy(
        "The notebook has %(count)s cells; the limit is %(max_cells)s."
    ),
    ErrorCode.INVALID_NOTEBOOK: gettext_lazy(
        "The notebook is damaged: it does not follow nbformat 4 (%(detail)s)."
    ),
    ErrorCode.SCHEMA_TOO_NEW: gettext_lazy(
        "Cell %(cell_number)s uses nbgrader metadata version %(version)s; the newest supported "
        "is %(expected)s."
    ),
    ErrorCode.INVALID_METADATA: gettext_lazy(
        "Cell %(cell_number)s has invalid nbgrader metadata (%(detail)s)."
    ),
    ErrorCode.MISSING_GRADE_ID: gettext_lazy(
        "Cell %(cell_number)s is an nbgrader cell but has no grade id."
    ),
    ErrorCode.BLANK_GRADE_ID: gettext_lazy("Cell %(cell_number)s has a blank grade id."),
    ErrorCode.INVALID_GRADE_ID: gettext_lazy(
        "Cell %(cell_number)s has the grade id “%(grade_id)s”; grade ids may contain only "
        "letters, digits, “_” and “-”."
    ),
    ErrorCode.DUPLICATE_GRADE_ID: gettext_lazy(
        "The grade id “%(grade_id)s” is used by cells %(first_cell_number)s and "
        "%(cell_number)s; grade ids must be unique."
    ),
    ErrorCode.MISSING_POINTS: gettext_lazy(
        "The graded cell “%(grade_id)s” (cell %(cell_number)s) has no points."
    ),
    ErrorCode.NEGATIVE_POINTS: gettext_lazy(
        "The graded cell “%(grade_id)s” (cell %(cell_number)s) has negative points (%(points)s)."
    ),
    ErrorCode.INVALID_POINTS: gettext_lazy(
        "The graded cell “%(grade_id)s” (cell %(cell_number)s) has points that are not a number."
    ),
    ErrorCode.WRONG_CELL_TYPE: gettext_lazy(
        "The nbgrader cell “%(grade_id)s” (cell %(cell_number)s) is a %(cell_type)s cell; only "
        "code and markdown cells can be graded, locked or answer cells."
    ),
    ErrorCode.MARKDOWN_GRADE_NOT_SOLUTION: gettext_lazy(
        "The markdown cell “%(grade_id)s” (cell %(cell_number)s) is graded but is not an answer "
        "cell."
    ),
    ErrorCode.MARKDOWN_SOLUTION_NOT_GRADED: gettext_lazy(
        "The markdown answer cell in cell %(cell_number)s must also be marked as graded."
    ),
    ErrorCode.TASK_NOT_MARKDOWN: gettext_lazy(
        "The task cell “%(grade_id)s” (cell %(cell_number)s) must be a markdown cell."
    ),
    ErrorCode.UNCLOSED_REGION: gettext_lazy(
        "Cell %(cell_number)s has “%(begin)s” without a matching “%(end)s”."
    ),
    ErrorCode.NESTED_REGION: gettext_lazy(
        "Cell %(cell_number)s has “%(begin)s” inside another “%(begin)s” region."
    ),
    ErrorCode.REGION_IN_WRONG_CELL: gettext_lazy(
        "Cell %(cell_number)s contains “%(begin)s”, which is only allowed in %(allowed)s."
    ),
    ErrorCode.AUTOTEST_UNSUPPORTED: gettext_lazy(
        "Cell %(cell_number)s uses nbgrader's “### AUTOTEST” templates, which are not "
        "supported; write the assertions out instead."
    ),
    ErrorCode.AUTOTEST_OUTSIDE_TEST_CELL: gettext_lazy(
        "Cell %(cell_number)s has an AUTOTEST directive, but only graded test cells (graded, not "
        "answer cells) may have them."
    ),
    ErrorCode.AUTOTEST_NOT_INSTANTIATED: gettext_lazy(
        "Cell %(cell_number)s has AUTOTEST directives that have not been turned into tests; "
        "upload the notebook (with its autotests.yml) so that they are generated."
    ),
    ErrorCode.AUTOTEST_YAML_INVALID: gettext_lazy(
        "autotests.yml is not valid YAML (line %(line)s, column %(column)s): %(detail)s."
    ),
    ErrorCode.AUTOTEST_YAML_NO_KERNEL: gettext_lazy(
        "autotests.yml has no section for the notebook's kernel “%(kernel)s” (nor “python3” or "
        "“python”); AUTOTEST needs one."
    ),
    ErrorCode.AUTOTEST_YAML_MISSING: gettext_lazy(
        "The “%(section)s” section of autotests.yml has no “%(key)s”, which AUTOTEST needs."
    ),
    ErrorCode.AUTOTEST_YAML_ENTRY: gettext_lazy(
        "In autotests.yml, %(where)s must be %(expected)s."
    ),
    ErrorCode.AUTOTEST_YAML_TEMPLATE: gettext_lazy(
        "In autotests.yml, %(where)s uses “%(found)s”; a template may only use %(allowed)s."
    ),
    ErrorCode.AUTOTEST_HASH_MISSING: gettext_lazy(
        "Cell %(cell_number)s uses HASHED AUTOTEST, but the “%(section)s” section of "
        "autotests.yml has no “hash” template."
    ),
    ErrorCode.AUTOTEST_RUN_FAILED: gettext_lazy(
        "The AUTOTEST tests of cell %(cell_number)s could not be generated: running “%(statement)s” "
        "in the sandbox gave %(error)s."
    ),
    ErrorCode.AUTOTEST_NONDETERMINISTIC: gettext_lazy(
        "The AUTOTEST snippet “%(snippet)s” in cell %(cell_number)s gave the type “%(first)s” on "
        "one run and “%(second)s” on the next; a snippet must give the same result every time."
    ),
    ErrorCode.UNSUPPORTED_LANGUAGE: gettext_lazy(
        "The notebook's kernel language is “%(language)s”; only Python notebooks are supported."
    ),
    ErrorCode.WRONG_EXERCISE: gettext_lazy(
        "This notebook belongs to another exercise: none of its cells match this exercise. "
        "Download this exercise's notebook and answer in it."
    ),
}


NOT_A_NOTEBOOK_REASONS = {
    "top_level": gettext_lazy("its top level is a %(found)s, not an object"),
    "no_nbformat": gettext_lazy("it has no “nbformat” field"),
    "no_cells": gettext_lazy("it has no list of “cells”"),
    "nbformat_type": gettext_lazy("its “nbformat” field is a %(found)s, not a whole number"),
    "cell_type": gettext_lazy("cell %(cell_number)s is a %(found)s, not an object"),
}

# The JSON type a NOT_A_NOTEBOOK reason names (notebooks.read._json_type).
JSON_TYPE_NAMES = {
    "list": pgettext_lazy("JSON type", "list"),
    "string": pgettext_lazy("JSON type", "string"),
    "boolean": pgettext_lazy("JSON type", "boolean"),
    "number": pgettext_lazy("JSON type", "number"),
    "null": pgettext_lazy("JSON type", "null"),
}


def describe(error: NotebookError) -> str:
    """One translated sentence for the user; falls back to the layer's English message."""
    template = MESSAGES.get(error.code)
    if template is None:
        return error.message
    params = {key: _display(key, value) for key, value in error.params.items()}
    reason = NOT_A_NOTEBOOK_REASONS.get(error.params.get("reason", ""))
    if reason is not None:
        if "found" in params:
            params["found"] = str(JSON_TYPE_NAMES.get(params["found"], params["found"]))
        params["detail"] = str(reason) % params
    try:
        return str(template) % params
    except (KeyError, TypeError, ValueError):
        return error.message


def _display(key: str, value: object) -> object:
    if key in ("size", "max_bytes") and isinstance(value, int):
        return filesizeformat(value)
    if key == "allowed":
        return _translate_allowed(str(value))
    return value


def _translate_allowed(text: str) -> str:
    names = {
        "answer (solution) cells": _("answer (solution) cells"),
        "graded test cells": _("graded test cells"),
        "task cells": _("task cells"),
    }
    return str(names.get(text, text))
