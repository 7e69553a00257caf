"""The notebook layer stays plain Python: no module in notebooks/ imports Django."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import notebooks

PACKAGE = Path(notebooks.__file__).resolve().parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
        elif isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "import_module":
            names.update(
                arg.value
                for arg in node.args
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str)
            )
    return names


def test_no_module_imports_django_or_the_apps() -> None:
    """Does any module in notebooks/ import django, wagtail, celery or a Django app of ours?"""
    modules = sorted(PACKAGE.rglob("*.py"))
    assert len(modules) >= 10
    forbidden = ("django", "wagtail", "celery", "rest_framework", "lms", "courses", "grading")
    offenders = {
        f"{path.relative_to(PACKAGE)}: {name}"
        for path in modules
        for name in imported_modules(path)
        if name.split(".")[0] in forbidden
    }
    assert offenders == set()


def test_importing_the_package_loads_no_django() -> None:
    """Does ``import notebooks`` in a fresh interpreter leave django out of sys.modules?"""
    code = "import sys, notebooks; print(any(m.split('.')[0] == 'django' for m in sys.modules))"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=PACKAGE.parent
    )
    assert result.stdout.strip() == "False"
