"""nbgrader's ``autotests.yml``: read, checked, and its templates filled in.

The file has one section per kernel name (``python3``, ``python``, …) with ``dispatch``,
``normalize``, ``check`` and ``templates`` (per type, a list of ``{test, fail}``; ``default`` is
required), and optionally ``setup``, ``hash`` and ``success``. Everything is checked when the file is
read, so a bad file is refused before any kernel starts.

nbgrader fills the templates with Jinja2; they only ever use ``{{snippet}}``, ``{{salt}}``,
``{{value}}`` and ``{{message}}``, so that is all we support: a plain substitution, with Jinja2's
habit of dropping one trailing newline. Any other ``{{ … }}``, ``{% … %}`` or ``{# … #}`` is refused
with a message naming it, rather than running a template language over a trainer's file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

import yaml

from notebooks.autotest_defaults import NBGRADER_AUTOTESTS_YML
from notebooks.errors import ErrorCode, NotebookError

MAX_YML_BYTES = 1_000_000
FILE_NAME = "autotests.yml"
# Kernel names whose section serves a Python notebook when its own kernel name has none.
PYTHON_SECTIONS = ("python3", "python")

_PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
_JINJA_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}|\{\{|\{%|\{#", re.DOTALL)

# Which names each template may use (what nbgrader passes when it renders it).
_NAMES = {
    "dispatch": ("snippet",),
    "normalize": ("snippet",),
    "hash": ("snippet", "salt"),
    "check": ("snippet", "value", "message"),
    "test": ("snippet",),
    "fail": ("snippet",),
}


@dataclass(frozen=True)
class TypeTest:
    test: str
    fail: str


@dataclass(frozen=True)
class AutotestTemplates:
    """One kernel's section of an autotests.yml."""

    section: str
    dispatch: str
    normalize: str
    check: str
    by_type: Mapping[str, tuple[TypeTest, ...]]
    setup: str | None = None
    hash: str | None = None
    success: str | None = None

    def tests_for(self, dispatch_result: str | None) -> tuple[TypeTest, ...]:
        """The tests for a snippet whose dispatch code displayed ``dispatch_result`` (nbgrader:
        ``templates.get(result, templates["default"])``)."""
        if dispatch_result is not None and dispatch_result in self.by_type:
            return self.by_type[dispatch_result]
        return self.by_type["default"]


def render(template: str, **values: object) -> str:
    """Fill ``{{name}}`` placeholders once (filled-in text is not scanned again). ``None`` renders
    as ``None``, and the template's one trailing newline is dropped, as Jinja2 does."""

    def fill(match: re.Match[str]) -> str:
        return str(values[match.group(1)])

    if template.endswith("\n"):
        template = template[:-1]
    return _PLACEHOLDER.sub(fill, template)


def default_autotests() -> bytes:
    """The autotests.yml nbgrader ships (see :mod:`notebooks.autotest_defaults`)."""
    return NBGRADER_AUTOTESTS_YML.encode()


def parse_autotests(data: bytes | str, kernel_name: str) -> AutotestTemplates:
    """The section of an autotests.yml for a notebook whose kernel is ``kernel_name``.

    Raises :class:`NotebookError` naming what is wrong: not YAML, no section for the kernel, a
    required template missing, an entry of the wrong shape, or template syntax we do not fill in.
    """
    document = _load(data)
    name = _section_name(document, kernel_name)
    section = document[name]
    if not isinstance(section, Mapping):
        raise _entry(name, "a mapping of template names to texts")
    required = {key: _text(section, name, key, required=True) for key in _REQUIRED}
    optional = {key: _text(section, name, key, required=False) for key in _OPTIONAL}
    templates = section.get("templates")
    if templates is None:
        raise NotebookError(ErrorCode.AUTOTEST_YAML_MISSING, section=name, key="templates")
    if not isinstance(templates, Mapping):
        raise _entry(f"{name}.templates", "a mapping of type names to lists of tests")
    if "default" not in templates:
        raise NotebookError(ErrorCode.AUTOTEST_YAML_MISSING, section=name, key="templates.default")
    by_type = {
        type_name: _type_tests(tests, f"{name}.templates.{type_name}")
        for type_name, tests in templates.items()
        if isinstance(type_name, str)  # a dispatch result is text; other keys can never match
    }
    return AutotestTemplates(section=name, by_type=by_type, **required, **optional)


_REQUIRED = ("dispatch", "normalize", "check")
_OPTIONAL = ("setup", "hash", "success")


def _load(data: bytes | str) -> Mapping:
    raw = data.encode() if isinstance(data, str) else data
    if len(raw) > MAX_YML_BYTES:
        raise NotebookError(
            ErrorCode.AUTOTEST_YAML_INVALID,
            line=1,
            column=1,
            detail=f"the file is {len(raw)} bytes; the limit is {MAX_YML_BYTES}",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise NotebookError(
            ErrorCode.AUTOTEST_YAML_INVALID, line=1, column=1, detail=f"not UTF-8 text ({error})"
        ) from None
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise NotebookError(
            ErrorCode.AUTOTEST_YAML_INVALID,
            line=(mark.line + 1) if mark else 1,
            column=(mark.column + 1) if mark else 1,
            detail=str(getattr(error, "problem", None) or error),
        ) from None
    if not isinstance(document, Mapping):
        raise _entry("the file", "a mapping with one section per kernel name (e.g. python3)")
    return document


def _section_name(document: Mapping, kernel_name: str) -> str:
    for candidate in (kernel_name, *PYTHON_SECTIONS):
        if candidate in document:
            return candidate
    raise NotebookError(ErrorCode.AUTOTEST_YAML_NO_KERNEL, kernel=kernel_name)


def _text(section: Mapping, name: str, key: str, *, required: bool) -> str | None:
    value = section.get(key)
    if value is None:
        if required:
            raise NotebookError(ErrorCode.AUTOTEST_YAML_MISSING, section=name, key=key)
        return None
    if not isinstance(value, str):
        raise _entry(f"{name}.{key}", "a text")
    if key in _NAMES:
        _check_template(value, f"{name}.{key}", _NAMES[key])
    return value


def _type_tests(tests: object, where: str) -> tuple[TypeTest, ...]:
    if not isinstance(tests, list) or not tests:
        raise _entry(where, "a list of tests, each with a 'test' and a 'fail' text")
    entries = []
    for number, entry in enumerate(tests):
        here = f"{where}[{number}]"
        if not isinstance(entry, Mapping) or not all(
            isinstance(entry.get(key), str) for key in ("test", "fail")
        ):
            raise _entry(here, "a mapping with a 'test' and a 'fail' text")
        _check_template(entry["test"], f"{here}.test", _NAMES["test"])
        _check_template(entry["fail"], f"{here}.fail", _NAMES["fail"])
        entries.append(TypeTest(test=entry["test"], fail=entry["fail"]))
    return tuple(entries)


def _check_template(template: str, where: str, names: tuple[str, ...]) -> None:
    for match in _JINJA_SYNTAX.finditer(template):
        placeholder = _PLACEHOLDER.fullmatch(match.group(0))
        if placeholder is None or placeholder.group(1) not in names:
            raise NotebookError(
                ErrorCode.AUTOTEST_YAML_TEMPLATE,
                where=where,
                found=match.group(0),
                allowed=", ".join("{{" + name + "}}" for name in names),
            )


def _entry(where: str, expected: str) -> NotebookError:
    return NotebookError(ErrorCode.AUTOTEST_YAML_ENTRY, where=where, expected=expected)
