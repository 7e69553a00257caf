"""The judging guard: puts the kernel's machinery back before a trainer's cell runs.

Learner code runs in the same Python process as the tests that judge it, so it can try to change how
they are judged: exception handlers (``sys.excepthook``, ``set_custom_exc``), AST and input
transformers, patched builtins or library functions (``numpy.testing.assert_allclose = ...``), trace
functions that skip lines, replaced ``sys.stdout``, timers and signal handlers that fire mid-test.

A :class:`Guard` records all of that right after the kernel starts (before any learner code) and, for
each protected cell, puts it back (:meth:`Guard.restore`) and afterwards checks that it stayed put
(:meth:`Guard.check`). It also blocks new audit hooks, which could not be removed again.

What it cannot do: stop learner *values* from lying (an object whose ``__eq__`` always says True),
stop learner functions that the test itself calls from misbehaving while they run, or resist code
that deliberately digs this object out of memory. See docs/grading.md.
"""

import gc
import signal
import sys
import threading
import types

_MISSING = object()
_SYS_OBJECTS = (
    "stdout",
    "stderr",
    "stdin",
    "__stdout__",
    "__stderr__",
    "__stdin__",
    "displayhook",
    "excepthook",
    "breakpointhook",
    "unraisablehook",
)
# Lists whose *contents* matter, not just their identity.
_SHELL_LISTS = ("ast_transformers", "input_transformers_post")
_TRANSFORMER_LISTS = ("cleanup_transforms", "line_transforms", "token_transformers")
# Classes of these packages hold the execution machinery; their attributes are snapshotted.
_MACHINERY_PREFIXES = ("IPython.", "ipykernel.", "jupyter_client.", "manabi_kernel.", "unittest.")


def _is_code(value: object) -> bool:
    """Functions, classes, methods and modules: what monkeypatching replaces."""
    return callable(value) or isinstance(value, types.ModuleType)


class _DictState:
    """The code-like entries of one namespace dict, by identity."""

    __slots__ = ("keys", "target", "values")

    def __init__(self, target: dict) -> None:
        items = [(k, v) for k, v in list(target.items()) if _is_code(v)]
        self.target = target
        self.keys = tuple(k for k, _ in items)
        self.values = tuple(v for _, v in items)

    def restore(self) -> int:
        changed = 0
        get = self.target.get
        for key, value in zip(self.keys, self.values, strict=True):
            if get(key, _MISSING) is not value:
                self.target[key] = value
                changed += 1
        return changed

    def changed_keys(self) -> list[str]:
        get = self.target.get
        return [
            str(k) for k, v in zip(self.keys, self.values, strict=True) if get(k, _MISSING) is not v
        ]


class _ObjectState:
    """An instance: code-like attributes restored, new attributes shadowing methods removed."""

    __slots__ = ("obj", "state", "traits")

    def __init__(self, obj: object) -> None:
        self.obj = obj
        self.state = _DictState(vars(obj))
        trait_values = getattr(obj, "_trait_values", None)
        self.traits = _DictState(trait_values) if isinstance(trait_values, dict) else None

    def _shadowing(self) -> list[str]:
        cls = type(self.obj)
        known = set(self.state.keys)
        return [
            k
            for k in list(vars(self.obj))
            if k not in known and callable(getattr(cls, k, None)) and not k.startswith("__")
        ]

    def restore(self) -> int:
        changed = self.state.restore() + (self.traits.restore() if self.traits else 0)
        for name in self._shadowing():
            del vars(self.obj)[name]
            changed += 1
        return changed

    def changed(self) -> list[str]:
        names = self.state.changed_keys() + (self.traits.changed_keys() if self.traits else [])
        return names + self._shadowing()


class Guard:
    """A snapshot of the judging machinery, taken before learner code runs."""

    def __init__(self, shell, kernel) -> None:
        self.shell = shell
        self.modules = {name: mod for name, mod in list(sys.modules.items()) if mod is not None}
        self.namespaces = [
            _DictState(vars(mod)) for name, mod in self.modules.items() if name != "__main__"
        ]
        self.classes = [_ClassState(cls) for cls in _machinery_classes()]
        self.objects = [
            _ObjectState(obj)
            for obj in (
                shell,
                kernel,
                kernel.session,
                shell.displayhook,
                shell.display_pub,
                shell.events,
                shell.input_transformer_manager,
                shell.InteractiveTB,
                shell.compile,
                sys.stdout,
                sys.stderr,
            )
        ]
        self.sys_objects = {name: getattr(sys, name, None) for name in _SYS_OBJECTS}
        self.meta_path = list(sys.meta_path)
        self.path_hooks = list(sys.path_hooks)
        self.gc_callbacks = list(gc.callbacks)
        self.shell_lists = {name: list(getattr(shell, name)) for name in _SHELL_LISTS}
        self.transformer_lists = {
            name: list(getattr(shell.input_transformer_manager, name))
            for name in _TRANSFORMER_LISTS
        }
        self.custom_exceptions = shell.custom_exceptions
        self.events = {name: list(callbacks) for name, callbacks in shell.events.callbacks.items()}
        self.signals = {
            sig: signal.getsignal(sig) for sig in signal.valid_signals() if sig not in _UNCATCHABLE
        }
        sys.addaudithook(_refuse_new_audit_hooks)

    def restore(self) -> None:
        """Put everything back as it was when the kernel started."""
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None)  # type: ignore[arg-type]
        threading.setprofile(None)  # type: ignore[arg-type]
        signal.alarm(0)
        for timer in (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
            signal.setitimer(timer, 0)
        for sig, handler in self.signals.items():
            if signal.getsignal(sig) is not handler and handler is not None:
                signal.signal(sig, handler)
        for name, value in self.sys_objects.items():
            setattr(sys, name, value)
        sys.meta_path[:] = self.meta_path
        sys.path_hooks[:] = self.path_hooks
        gc.callbacks[:] = self.gc_callbacks
        for name, mod in self.modules.items():
            if sys.modules.get(name) is not mod:
                sys.modules[name] = mod
        for state in self.namespaces:
            state.restore()
        for state in self.classes:
            state.restore()
        for obj in self.objects:
            obj.restore()
        for name, items in self.shell_lists.items():
            getattr(self.shell, name)[:] = items
        manager = self.shell.input_transformer_manager
        for name, items in self.transformer_lists.items():
            getattr(manager, name)[:] = items
        self.shell.custom_exceptions = self.custom_exceptions
        callbacks = self.shell.events.callbacks
        for name, items in self.events.items():
            callbacks[name][:] = items

    def check(self) -> list[str]:
        """What changed since :meth:`restore` (empty when the machinery stayed intact)."""
        problems = []
        if sys.gettrace() is not None or sys.getprofile() is not None:
            problems.append("trace or profile function")
        problems += [
            f"sys.{n}" for n, v in self.sys_objects.items() if getattr(sys, n, None) is not v
        ]
        if list(sys.meta_path) != self.meta_path or list(gc.callbacks) != self.gc_callbacks:
            problems.append("import or gc hooks")
        if any(list(getattr(self.shell, n)) != v for n, v in self.shell_lists.items()):
            problems.append("AST or input transformers")
        manager = self.shell.input_transformer_manager
        if any(list(getattr(manager, n)) != v for n, v in self.transformer_lists.items()):
            problems.append("input transformers")
        if self.shell.custom_exceptions != self.custom_exceptions:
            problems.append("custom exception handler")
        for state in self.namespaces:
            problems += [f"{_module_name(state)}.{k}" for k in state.changed_keys()]
        for state in self.classes:
            problems += state.changed()
        for obj in self.objects:
            problems += [f"{type(obj.obj).__name__}.{k}" for k in obj.changed()]
        return problems


class _ClassState:
    """A class's own attributes (all of them: methods, descriptors, class data)."""

    __slots__ = ("cls", "keys", "values")

    def __init__(self, cls: type) -> None:
        items = list(vars(cls).items())
        self.cls = cls
        self.keys = tuple(k for k, _ in items)
        self.values = tuple(v for _, v in items)

    def restore(self) -> None:
        current = vars(self.cls)
        for key, value in zip(self.keys, self.values, strict=True):
            if current.get(key, _MISSING) is not value:
                setattr(self.cls, key, value)
        for key in [k for k in current if k not in self.keys]:
            delattr(self.cls, key)

    def changed(self) -> list[str]:
        current = vars(self.cls)
        keys = set(self.keys)
        moved = [
            k
            for k, v in zip(self.keys, self.values, strict=True)
            if current.get(k, _MISSING) is not v
        ]
        return [f"{self.cls.__name__}.{k}" for k in moved + [k for k in current if k not in keys]]


_UNCATCHABLE = {signal.SIGKILL, signal.SIGSTOP}


def _machinery_classes() -> list[type]:
    found = {}
    for name, mod in list(sys.modules.items()):
        if mod is None or not (name + ".").startswith(_MACHINERY_PREFIXES):
            continue
        for value in list(vars(mod).values()):
            if isinstance(value, type) and value.__module__ == name:
                found[id(value)] = value
    return list(found.values())


def _module_name(state: _DictState) -> str:
    return str(state.target.get("__name__", "?"))


def _refuse_new_audit_hooks(event: str, args: tuple) -> None:
    # An audit hook cannot be removed once added, so a learner's hook could patch things while a
    # test runs. Raising RuntimeError here makes sys.addaudithook refuse, silently.
    if event == "sys.addaudithook":
        raise RuntimeError("audit hooks are disabled in this kernel")
