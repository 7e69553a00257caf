"""autotests.yml: read and checked before any kernel runs, templates filled as nbgrader fills them."""

from __future__ import annotations

import pytest
import yaml

from notebooks.autotest_config import default_autotests, parse_autotests, render
from notebooks.errors import ErrorCode, NotebookError
from tests.notebooks.conftest import nbgrader_path

FIXTURE_YML = nbgrader_path("tests/apps/files/autotests.yml")

MINIMAL = """
python3:
    dispatch: "type({{snippet}})"
    normalize: "str({{snippet}})"
    check: 'assert {{snippet}} == "{{value}}", "{{message}}"'
    templates:
        default:
            - test: "{{snippet}}"
              fail: "value of {{snippet}} is not correct"
"""


def refused(text: str, kernel: str = "python3") -> NotebookError:
    with pytest.raises(NotebookError) as caught:
        parse_autotests(text, kernel)
    assert caught.value.message
    return caught.value


def test_nbgraders_fixture_file_reads_with_every_type() -> None:
    """Does nbgrader's own test autotests.yml read, with its per-type tests in order?"""
    templates = parse_autotests(FIXTURE_YML.read_bytes(), "python3")
    raw = yaml.safe_load(FIXTURE_YML.read_text())["python3"]
    assert templates.section == "python3"
    assert templates.setup == raw["setup"]
    assert set(templates.by_type) == set(raw["templates"])
    assert [t.test for t in templates.tests_for("int")] == [
        t["test"] for t in raw["templates"]["int"]
    ]
    assert templates.tests_for("something else") == templates.by_type["default"]
    assert templates.tests_for(None) == templates.by_type["default"]


def test_a_kernel_name_without_a_section_falls_back_to_python3() -> None:
    """A Python notebook whose kernel is named e.g. 'conda-py' uses the python3 section."""
    assert parse_autotests(MINIMAL, "conda-py").section == "python3"


def test_the_default_is_the_file_nbgrader_ships() -> None:
    """Is nbgrader's shipped autotests.yml (quickstart's) complete enough to use as it is?"""
    templates = parse_autotests(default_autotests(), "python3")
    assert templates.hash is not None
    assert templates.success == "print('Success!')"
    assert "pandas.core.frame.DataFrame" in templates.by_type
    assert parse_autotests(default_autotests(), "python").section == "python"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("python3: [unclosed", ErrorCode.AUTOTEST_YAML_INVALID),
        ("python3:\n  dispatch: 'a'\n   normalize: 'b'\n", ErrorCode.AUTOTEST_YAML_INVALID),
        ("just text", ErrorCode.AUTOTEST_YAML_ENTRY),
        ("ir:\n  dispatch: 'class({{snippet}})'\n", ErrorCode.AUTOTEST_YAML_NO_KERNEL),
        (
            MINIMAL.replace('    dispatch: "type({{snippet}})"\n', ""),
            ErrorCode.AUTOTEST_YAML_MISSING,
        ),
        (MINIMAL.replace("        default:", "        int:"), ErrorCode.AUTOTEST_YAML_MISSING),
        (MINIMAL.split("    templates:")[0], ErrorCode.AUTOTEST_YAML_MISSING),
        (MINIMAL.replace('fail: "value', 'wrong: "value'), ErrorCode.AUTOTEST_YAML_ENTRY),
        (MINIMAL.replace('"str({{snippet}})"', "42"), ErrorCode.AUTOTEST_YAML_ENTRY),
        (MINIMAL.replace("{{value}}", "{{ value | e }}"), ErrorCode.AUTOTEST_YAML_TEMPLATE),
        (MINIMAL.replace("str({{snippet}})", "{% if x %}"), ErrorCode.AUTOTEST_YAML_TEMPLATE),
        (MINIMAL.replace("str({{snippet}})", "str({{salt}})"), ErrorCode.AUTOTEST_YAML_TEMPLATE),
    ],
    ids=[
        "not-yaml",
        "bad-indent",
        "not-a-mapping",
        "no-python-section",
        "no-dispatch",
        "no-default-type",
        "no-templates",
        "test-without-fail",
        "template-not-text",
        "jinja-filter",
        "jinja-statement",
        "unknown-name",
    ],
)
def test_a_bad_file_is_refused_with_what_is_wrong(text: str, code: ErrorCode) -> None:
    """Is each kind of bad autotests.yml refused with its own error, naming the place?"""
    assert refused(text).code == code


def test_invalid_yaml_names_the_line() -> None:
    error = refused("python3:\n  dispatch: 'a'\n  check: [\n")
    assert error.code == ErrorCode.AUTOTEST_YAML_INVALID
    assert error.params["line"] >= 3


def test_a_missing_key_is_named_with_its_section() -> None:
    error = refused(
        MINIMAL.replace('    check: \'assert {{snippet}} == "{{value}}", "{{message}}"\'\n', "")
    )
    assert error.params == {"section": "python3", "key": "check"}


def test_render_fills_once_and_drops_one_trailing_newline_like_jinja() -> None:
    """Filled-in text is not filled again, and the template's last newline goes, as in Jinja2."""
    assert render("str({{snippet}})", snippet="type({{snippet}})") == "str(type({{snippet}}))"
    assert render("{{ value }}\n", value=None) == "None"
    assert render("a\n\n") == "a\n"
