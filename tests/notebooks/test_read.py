"""Reading notebook files: every kind of bad input gets its own clear error."""

from __future__ import annotations

import json

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from notebooks import ErrorCode, NotebookError, ReadLimits, read_notebook
from tests.notebooks.conftest import nbgrader_path, scenario_path


def notebook_json(**changes: object) -> dict:
    nb = new_notebook(cells=[new_markdown_cell("hello"), new_code_cell("x = 1")])
    data = json.loads(nbformat.writes(nb))
    data.update(changes)
    return data


def read_error(data: bytes | str, limits: ReadLimits | None = None) -> NotebookError:
    with pytest.raises(NotebookError) as caught:
        read_notebook(data, limits)
    return caught.value


def test_a_valid_notebook_is_read_with_joined_sources() -> None:
    """Does a notebook whose sources are lists of lines come back with string sources?"""
    data = notebook_json()
    data["cells"][1]["source"] = ["x = 1\n", "y = 2"]
    nb = read_notebook(json.dumps(data).encode())
    assert nb.cells[1].source == "x = 1\ny = 2"
    assert nb.nbformat == 4


def test_text_and_a_utf8_bom_are_accepted() -> None:
    """Can the content be given as str, or as bytes that start with a UTF-8 byte order mark?"""
    text = json.dumps(notebook_json(), ensure_ascii=False)
    assert read_notebook(text).cells[0].source == "hello"
    assert read_notebook(b"\xef\xbb\xbf" + text.encode()).cells[0].source == "hello"


def test_japanese_text_survives() -> None:
    """Is non-ASCII text (Japanese, emoji) read unchanged?"""
    data = notebook_json()
    data["cells"][0]["source"] = "二乗のリスト 🍣"
    assert read_notebook(json.dumps(data, ensure_ascii=False).encode()).cells[0].source == (
        "二乗のリスト 🍣"
    )


def test_too_large_is_refused_before_parsing() -> None:
    """Is a file over the byte limit refused with its size and the limit?"""
    error = read_error(b"{" + b" " * 2000 + b"}", ReadLimits(max_bytes=1000))
    assert error.code == ErrorCode.TOO_LARGE
    assert error.params == {"size": 2002, "max_bytes": 1000}


def test_the_default_size_limit_is_20_mib() -> None:
    """Is a 21 MB upload refused by default?"""
    assert read_error(b" " * (21 * 1024 * 1024)).code == ErrorCode.TOO_LARGE


@pytest.mark.parametrize(
    "junk",
    [
        bytes(range(256)),
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 100,
        nbgrader_path("tests/apps/files/jupyter.png").read_bytes(),
    ],
    ids=["all-bytes", "png-header", "png-file"],
)
def test_binary_junk_is_not_utf8(junk: bytes) -> None:
    """Does binary data get "not UTF-8" rather than a JSON or Python error?"""
    error = read_error(junk)
    assert error.code == ErrorCode.NOT_UTF8
    assert "UTF-8" in error.message


def test_nul_bytes_in_valid_utf8_are_binary() -> None:
    """Is UTF-8 text containing NUL bytes treated as binary?"""
    assert read_error(b'{"a": 1}\x00\x00').code == ErrorCode.NOT_UTF8


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ('"x = 1"', r'"x = \ud800"'),  # in a code cell's source: sent to the kernel
        ('"hello"', r'"\uDFFF"'),  # in markdown
        ('"metadata": {}', r'"metadata": {"\udbff": 1}'),  # in a key
    ],
    ids=["code", "markdown", "key"],
)
def test_lone_surrogate_escapes_are_not_utf8(old: str, new: str) -> None:
    """A JSON escape of a lone UTF-16 surrogate is valid JSON but not text: no kernel message or
    database row can hold it (the executor failed on it, and the worker retried it to the end)."""
    text = json.dumps(notebook_json())
    assert old in text
    error = read_error(text.replace(old, new, 1).encode())
    assert error.code == ErrorCode.NOT_UTF8
    assert "surrogate" in error.message


def test_escaped_surrogate_pairs_and_backslashes_are_read() -> None:
    """A valid pair (an emoji written as two escapes) and a literal backslash-u text are fine."""
    text = json.dumps(notebook_json()).replace('"x = 1"', r'"x = \ud83d\ude00 + \\ud800"', 1)
    nb = read_notebook(text.encode())
    assert nb.cells[1].source == "x = \U0001f600 + \\ud800"


@pytest.mark.parametrize(
    "text",
    ["", "not json at all", '{"nbformat": 4,', "{'single': 'quotes'}", "[" * 100_000],
    ids=["empty", "prose", "truncated", "single-quotes", "deeply-nested"],
)
def test_invalid_json(text: str) -> None:
    """Does text that is not JSON say so, with a line and column?"""
    error = read_error(text.encode())
    assert error.code == ErrorCode.INVALID_JSON
    assert {"line", "column", "detail"} <= set(error.params)
    assert "not valid JSON" in error.message


@pytest.mark.parametrize(
    ("value", "detail"),
    [
        ([1, 2, 3], "list"),
        ("a string", "string"),
        (42, "number"),
        (None, "null"),
        ({"cells": []}, "nbformat"),
        ({"nbformat": 4, "cells": "nope"}, "cells"),
        ({"nbformat": 4}, "cells"),
    ],
)
def test_json_that_is_not_a_notebook(value: object, detail: str) -> None:
    """Does JSON without a notebook's shape get "not a notebook" naming what is wrong?"""
    error = read_error(json.dumps(value).encode())
    assert error.code == ErrorCode.NOT_A_NOTEBOOK
    assert detail in error.message


@pytest.mark.parametrize("version", [3, 2, 5])
def test_other_nbformat_versions(version: object) -> None:
    """Are nbformat 3 (and anything else but 4) refused with the version in the message?"""
    error = read_error(json.dumps(notebook_json(nbformat=version)).encode())
    assert error.code == ErrorCode.UNSUPPORTED_NBFORMAT
    assert error.params["version"] == version


@pytest.mark.parametrize(
    ("version", "found"), [("4", "string"), (4.0, "number"), (True, "boolean"), (None, "null")]
)
def test_an_nbformat_field_that_is_not_a_whole_number(version: object, found: str) -> None:
    """Is "nbformat": "4" refused for its type, not as "nbformat 4; only nbformat 4 is supported"?"""
    error = read_error(json.dumps(notebook_json(nbformat=version)).encode())
    assert error.code == ErrorCode.NOT_A_NOTEBOOK
    assert error.params["found"] == found
    assert f"'nbformat' field is a {found}, not a whole number" in error.message
    assert "only nbformat 4" not in error.message


@pytest.mark.parametrize(("cell", "found"), [("x = 1", "string"), ([1], "list"), (None, "null")])
def test_a_cell_that_is_not_an_object(cell: object, found: str) -> None:
    """Does a cell that is a bare string get its number and type, not a Python error?"""
    data = notebook_json()
    data["cells"].insert(1, cell)
    error = read_error(json.dumps(data).encode())
    assert error.code == ErrorCode.NOT_A_NOTEBOOK
    assert error.params["cell_number"] == 2
    assert f"cell 2 is a {found}, not an object" in error.message
    assert "item assignment" not in error.message


def test_duplicate_cell_ids_are_renamed_without_a_warning(recwarn: pytest.WarningsRecorder) -> None:
    """Are copied cells with one id read (ids made unique) without nbformat's warning on stderr?"""
    data = notebook_json(nbformat_minor=5)
    for cell in data["cells"]:
        cell["id"] = "same"
    nb = read_notebook(json.dumps(data).encode())
    ids = [cell["id"] for cell in nb.cells]
    assert len(set(ids)) == len(ids) == 2
    assert not [w for w in recwarn if "Duplicate" in type(w.message).__name__]


def test_a_real_nbformat_3_notebook() -> None:
    """Is an nbformat 3 file (worksheets) refused as such, not as a broken notebook?"""
    v3 = {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": []}]}
    error = read_error(json.dumps(v3).encode())
    assert error.code == ErrorCode.UNSUPPORTED_NBFORMAT
    assert "nbformat 3" in error.message


def test_too_many_cells() -> None:
    """Is a notebook with 5 000 cells refused under the default limit of 2 000?"""
    nb = new_notebook(cells=[new_code_cell(f"x = {i}") for i in range(5000)])
    error = read_error(nbformat.writes(nb).encode())
    assert error.code == ErrorCode.TOO_MANY_CELLS
    assert error.params == {"count": 5000, "max_cells": 2000}


def test_the_cell_limit_is_configurable() -> None:
    """Does ReadLimits(max_cells=...) move the limit?"""
    nb = new_notebook(cells=[new_code_cell("x") for _ in range(5)])
    assert read_error(nbformat.writes(nb), ReadLimits(max_cells=4)).code == ErrorCode.TOO_MANY_CELLS
    assert len(read_notebook(nbformat.writes(nb), ReadLimits(max_cells=5)).cells) == 5


def test_a_broken_cell_is_an_invalid_notebook() -> None:
    """Does a cell of an unknown type fail nbformat validation with its location?"""
    data = notebook_json()
    data["cells"][1] = {"cell_type": "spreadsheet", "metadata": {}, "source": ""}
    error = read_error(json.dumps(data).encode())
    assert error.code == ErrorCode.INVALID_NOTEBOOK
    assert "cells/1" in error.message


def test_a_missing_metadata_field_is_an_invalid_notebook() -> None:
    """Is a notebook without its metadata refused as invalid nbformat 4?"""
    data = notebook_json()
    del data["metadata"]
    assert read_error(json.dumps(data).encode()).code == ErrorCode.INVALID_NOTEBOOK


def test_missing_cell_ids_are_added_for_nbformat_4_5() -> None:
    """Does a 4.5 notebook whose cells lack ids (older tools) still read, with ids added?"""
    data = notebook_json(nbformat_minor=5)
    for cell in data["cells"]:
        cell.pop("id", None)
    nb = read_notebook(json.dumps(data).encode())
    assert all(cell.get("id") for cell in nb.cells)


def test_cells_whose_type_was_changed_by_hand_are_repaired() -> None:
    """Are a markdown cell with outputs and a code cell without outputs (hand-edited types, as in
    nbgrader's own fixtures) read like nbgrader does instead of refused?"""
    for name in ("submitted-answer-cell-type-changed.ipynb", "cell-type-changed.ipynb"):
        path = nbgrader_path(f"tests/preprocessors/files/{name}")
        nb = read_notebook(path.read_bytes())
        for cell in nb.cells:
            assert ("outputs" in cell) == (cell.cell_type == "code")


def test_every_fixture_notebook_reads() -> None:
    """Do all scenario fixtures and nbgrader's example notebooks read without error?"""
    paths = [*scenario_path(".").glob("*.ipynb"), *nbgrader_path(".").rglob("*.ipynb")]
    assert len(paths) > 60
    for path in paths:
        assert read_notebook(path.read_bytes()).nbformat == 4, path


def test_errors_are_one_type_with_a_stable_code() -> None:
    """Is every error a NotebookError (a ValueError) with a code, params and an English message?"""
    error = read_error(b"nope")
    assert isinstance(error, ValueError)
    assert error.code.value == "invalid_json"
    assert str(error) == error.message
    assert "invalid_json" in repr(error)
