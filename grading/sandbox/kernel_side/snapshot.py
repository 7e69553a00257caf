"""Flat records of "code-like" attributes (functions, classes, modules) that compare at C speed.

A kernel holds ~1,400 modules with ~30,000 such attributes. Checking them one by one in Python costs
milliseconds per test cell; ``map(dict.get, ...)`` over flat tuples does it in about one. The fork
server records everything it preloaded once, before forking, and each kernel only refreshes what its
own start-up changed.
"""

import operator
import sys
import types
from collections.abc import Callable
from operator import is_not

MISSING = object()
# Packages that take no part in running or judging a cell (completion, debugger, terminal UI):
# leaving them out keeps each check short.
_IGNORED = (
    "prompt_toolkit",
    "jedi",
    "parso",
    "debugpy",
    "pydevd",
    "_pydevd",
    "_pydev",
    "psutil",
    "wcwidth",
    "email",
    "xml",
    "http",
    "urllib",
    "platformdirs",
    "pexpect",
    "ptyprocess",
    "pydoc",
    "sqlite3",
)


def _ignored(name: str) -> bool:
    return name.split(".", 1)[0].startswith(_IGNORED)


def is_code(value: object) -> bool:
    """Functions, classes, methods and modules: what monkeypatching replaces."""
    return callable(value) or isinstance(value, types.ModuleType)


class NamespaceSnapshot:
    """The code-like entries of many namespace dicts (module ``__dict__``s), one record each."""

    def __init__(self) -> None:
        self.modules: dict[str, types.ModuleType] = {}
        # One record per namespace: (dict, itemgetter of its keys, keys, values).
        self._records: list[tuple[dict, Callable, tuple, tuple]] = []

    def add(self, name: str, module: types.ModuleType) -> None:
        namespace = getattr(module, "__dict__", None)
        if not isinstance(namespace, dict) or name == "__main__" or _ignored(name):
            return
        self.modules[name] = module
        self.add_dict(namespace)

    def add_dict(self, namespace: dict) -> None:
        items = [(k, v) for k, v in list(namespace.items()) if is_code(v)]
        if items:
            keys = tuple(k for k, _ in items)
            # itemgetter of one key returns the value itself; a repeated key keeps it a tuple.
            getter = (
                operator.itemgetter(*keys) if len(keys) > 1 else operator.itemgetter(*keys, *keys)
            )
            values = tuple(v for _, v in items) if len(keys) > 1 else (items[0][1], items[0][1])
            self._records.append((namespace, getter, keys, values))

    def add_all(self) -> None:
        for name, module in list(sys.modules.items()):
            if module is not None and name not in self.modules:
                self.add(name, module)

    def changed(self) -> list[tuple[dict, str, object]]:
        """(namespace, key, recorded value) for every entry that differs now."""
        found = []
        for namespace, getter, keys, values in self._records:
            try:
                if not any(map(is_not, getter(namespace), values)):
                    continue
            except KeyError:
                pass
            found += [
                (namespace, key, value)
                for key, value in zip(keys, values, strict=False)
                if namespace.get(key, MISSING) is not value
            ]
        return found

    def restore(self) -> list[tuple[dict, str, object]]:
        """Put back every changed entry; return what was changed."""
        fixed = self.changed()
        for namespace, key, value in fixed:
            namespace[key] = value
        return fixed

    def accept_current(self) -> None:
        """Take the present state as the reference (after the kernel's own start-up changed it)."""
        touched = {id(namespace): namespace for namespace, _, _ in self.changed()}
        if touched:
            self._records = [r for r in self._records if id(r[0]) not in touched]
            for namespace in touched.values():
                self.add_dict(namespace)


class ClassSnapshot:
    """All attributes of some classes (methods, descriptors, class data), one record each."""

    def __init__(self, classes: list[type]) -> None:
        self.classes = tuple(classes)
        self._record()

    def _record(self) -> None:
        self._records = [_class_record(cls) for cls in self.classes]

    def changed(self) -> list[int]:
        """Indexes (into ``classes``) of classes whose attributes differ."""
        found = []
        for index, (cls, getter, _, values, size) in enumerate(self._records):
            proxy = vars(cls)
            try:
                if len(proxy) == size and not any(map(is_not, getter(proxy), values)):
                    continue
            except KeyError:
                pass
            found.append(index)
        return found

    def restore(self) -> list[type]:
        fixed = []
        for index in self.changed():
            cls, _, keys, values, size = self._records[index]
            recorded = dict(zip(keys[:size], values[:size], strict=True))
            for key, value in recorded.items():
                if vars(cls).get(key, MISSING) is not value:
                    setattr(cls, key, value)
            for key in [k for k in vars(cls) if k not in recorded]:
                delattr(cls, key)
            fixed.append(cls)
        return fixed

    def accept_current(self) -> None:
        for index in self.changed():
            self._records[index] = _class_record(self.classes[index])


def _class_record(cls: type) -> tuple:
    items = list(vars(cls).items())
    keys = tuple(k for k, _ in items) * 2  # doubled: itemgetter always returns a tuple
    values = tuple(v for _, v in items) * 2
    return (cls, operator.itemgetter(*keys), keys, values, len(items))


def machinery_classes(prefixes: tuple[str, ...]) -> list[type]:
    """The classes defined in modules whose names start with one of ``prefixes``."""
    found = {}
    for name, module in list(sys.modules.items()):
        if module is None or not (name + ".").startswith(prefixes):
            continue
        for value in list(vars(module).values()):
            if isinstance(value, type) and value.__module__ == name:
                found[id(value)] = value
    return list(found.values())
