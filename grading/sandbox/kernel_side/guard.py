"""The judging guard: puts the kernel's machinery back before a trainer's cell runs.

Learner code runs in the same Python process as the tests that judge it, so it can try to change how
they are judged: exception handlers (``sys.excepthook``, ``set_custom_exc``), AST and input
transformers, patched builtins or library functions (``numpy.testing.assert_allclose = ...``), a
replaced ``run_cell``, trace functions that skip lines, a replaced ``sys.stdout``, timers and signal
handlers that fire mid-test.

The guard records all of that before any learner code runs: the fork server records every module it
preloaded, each kernel adds what its start-up changed, and an import hook records each module loaded
later the moment its import finishes, before the importing code can touch it. For each protected
cell, :meth:`Guard.restore` puts everything back; afterwards :meth:`Guard.check` reports whether the
machinery stayed put and whether anything restored was changed again while the test ran.

What it cannot do: stop learner *values* from lying (an object whose ``__eq__`` always says True),
stop learner functions that the test itself calls from misbehaving while they run, stop a background
thread of the learner's, or resist code that deliberately digs this object out of memory. See
docs/grading.md.
"""

import _frozen_importlib as bootstrap
import gc
import signal
import sys
import threading

from .snapshot import ClassSnapshot, NamespaceSnapshot, machinery_classes

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
# Classes of these packages hold the execution machinery; all their attributes are recorded.
_MACHINERY = (
    "IPython.",
    "ipykernel.",
    "jupyter_client.",
    "manabi_kernel.",
    "unittest.",
    "traitlets.",
)
_UNCATCHABLE = {signal.SIGKILL, signal.SIGSTOP}
# Settings that decide what a test cell's result looks like, so a partial score: whether the last
# expression is displayed at all, and how a number is shown (``%precision``, ``for_type(float, …)``).
_SHELL_TRAITS = ("ast_node_interactivity", "autocall", "automagic", "display_formatter")
_DISPLAY_TRAITS = (
    "active_types",
    "formatters",
    "ipython_display_formatter",
    "mimebundle_formatter",
)
_FORMATTER_TRAITS = (
    "enabled",
    "type_printers",
    "deferred_printers",
    "singleton_printers",
    "float_precision",
    "float_format",
    "pprint",
)

_prepared: tuple[NamespaceSnapshot, ClassSnapshot] | None = None


def prepare_in_server() -> None:
    """Record the preloaded modules once, in the fork server; every forked kernel inherits it."""
    global _prepared
    namespaces = NamespaceSnapshot()
    namespaces.add_all()
    _prepared = (namespaces, ClassSnapshot(machinery_classes(_MACHINERY)))


class _ObjectState:
    """An instance: code-like attributes restored, new attributes shadowing methods removed."""

    def __init__(self, obj: object) -> None:
        self.obj = obj
        self.namespaces = NamespaceSnapshot()
        self.dicts = [vars(obj)]
        trait_values = getattr(obj, "_trait_values", None)
        if isinstance(trait_values, dict):
            self.dicts.append(trait_values)
        for namespace in self.dicts:
            self.namespaces.add_dict(namespace)
        self.known = set(vars(obj))

    def _shadowing(self) -> list[str]:
        cls = type(self.obj)
        return [
            key
            for key in list(vars(self.obj))
            if key not in self.known
            and not key.startswith("__")
            and callable(getattr(cls, key, None))
        ]

    def restore(self) -> None:
        self.namespaces.restore()
        for key in self._shadowing():
            del vars(self.obj)[key]

    def changed(self) -> list[str]:
        names = [key for _, key, _ in self.namespaces.changed()]
        return names + self._shadowing()


class _TraitState:
    """Chosen trait values of IPython objects. Written back straight into ``_trait_values``, so no
    observer (a learner may have added one) runs; compared by identity, so no learner ``__eq__`` runs."""

    def __init__(self, shell) -> None:
        display = shell.display_formatter
        formatters = [
            display.formatters["text/plain"],
            display.ipython_display_formatter,
            display.mimebundle_formatter,
        ]
        owners = [(shell, _SHELL_TRAITS), (display, _DISPLAY_TRAITS)]
        owners += [(formatter, _FORMATTER_TRAITS) for formatter in formatters]
        self.values = []
        for owner, names in owners:
            for name in names:
                if owner.has_trait(name):
                    getattr(owner, name)  # traitlets stores a default on first access
                    self.values.append((owner, name, _copied(owner._trait_values[name])))

    def restore(self) -> None:
        for owner, name, value in self.values:
            owner._trait_values[name] = _copied(value)

    def changed(self) -> list[str]:
        return [
            f"{type(owner).__name__}.{name}"
            for owner, name, value in self.values
            if not _same(value, owner._trait_values.get(name))
        ]


def _copied(value: object) -> object:
    return dict(value) if type(value) is dict else list(value) if type(value) is list else value


def _same(recorded, current) -> bool:
    if type(recorded) is not type(current):
        return False
    if type(recorded) is dict:
        recorded, current = list(recorded.items()), list(current.items())
        return len(recorded) == len(current) and all(
            ka is kb and va is vb for (ka, va), (kb, vb) in zip(recorded, current, strict=True)
        )
    if type(recorded) is list:
        return len(recorded) == len(current) and all(
            a is b for a, b in zip(recorded, current, strict=True)
        )
    return recorded is current or (
        type(recorded) in (str, int, float, bool) and recorded == current
    )


class Guard:
    """A record of the judging machinery, taken before learner code runs."""

    def __init__(self, shell, kernel) -> None:
        self.shell = shell
        if _prepared is not None:
            self.namespaces, self.classes = _prepared
        else:
            self.namespaces = NamespaceSnapshot()
            self.classes = ClassSnapshot(machinery_classes(_MACHINERY))
        self._install_import_hook()
        # Take in what the kernel's own start-up changed or imported, and the hook itself.
        self.namespaces.accept_current()
        self.namespaces.add_all()
        self.classes.accept_current()
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
        self.traits = _TraitState(shell)
        self.sys_objects = {name: getattr(sys, name, None) for name in _SYS_OBJECTS}
        self.meta_path = list(sys.meta_path)
        self.path_hooks = list(sys.path_hooks)
        self.gc_callbacks = list(gc.callbacks)
        self.shell_lists = {name: list(getattr(shell, name)) for name in _SHELL_LISTS}
        manager = shell.input_transformer_manager
        self.transformer_lists = {name: list(getattr(manager, name)) for name in _TRANSFORMER_LISTS}
        self.custom_exceptions = shell.custom_exceptions
        self.events = {name: list(callbacks) for name, callbacks in shell.events.callbacks.items()}
        self.signals = {
            sig: signal.getsignal(sig) for sig in signal.valid_signals() if sig not in _UNCATCHABLE
        }
        # The snapshot is taken while the kernel is idle, when ipykernel ignores SIGINT; while a cell
        # runs it raises KeyboardInterrupt. Restoring the idle handler inside a protected cell would
        # make a timed-out test impossible to interrupt (and every later test "not run").
        self.signals[signal.SIGINT] = signal.default_int_handler
        self.files_before: set[str] = set()
        sys.addaudithook(_refuse_new_audit_hooks)

    def _install_import_hook(self) -> None:
        """Record each module the moment its import finishes, before the importer can patch it."""
        original = bootstrap._load_unlocked
        record = self.namespaces.add

        def _load_unlocked(spec):
            module = original(spec)
            if spec.name not in self.namespaces.modules:
                record(spec.name, module)
            return module

        bootstrap._load_unlocked = _load_unlocked
        self.hook = _load_unlocked

    def restore(self) -> None:
        """Put everything back as it was when the kernel started (or, for later imports, loaded)."""
        sys.settrace(None)
        sys.setprofile(None)
        threading.settrace(None)  # type: ignore[arg-type]
        threading.setprofile(None)  # type: ignore[arg-type]
        _free_monitoring_tools()
        signal.alarm(0)
        for timer in (signal.ITIMER_REAL, signal.ITIMER_VIRTUAL, signal.ITIMER_PROF):
            signal.setitimer(timer, 0)
        for sig, handler in self.signals.items():
            if handler is not None and signal.getsignal(sig) is not handler:
                signal.signal(sig, handler)
        for name, value in self.sys_objects.items():
            setattr(sys, name, value)
        sys.meta_path[:] = self.meta_path
        sys.path_hooks[:] = self.path_hooks
        gc.callbacks[:] = self.gc_callbacks
        if bootstrap._load_unlocked is not self.hook:
            # The import hook was removed: modules loaded meanwhile were never recorded, so they
            # may be patched. Forget them; a test that imports one gets a fresh copy.
            for name in [n for n in list(sys.modules) if n not in self.namespaces.modules]:
                del sys.modules[name]
        modules = sys.modules
        for name, module in self.namespaces.modules.items():
            if modules.get(name) is not module:
                modules[name] = module
        self.namespaces.restore()
        self.files_before = self._cell_files()
        self.classes.restore()
        for state in self.objects:
            state.restore()
        self.traits.restore()
        for name, items in self.shell_lists.items():
            getattr(self.shell, name)[:] = items
        manager = self.shell.input_transformer_manager
        for name, items in self.transformer_lists.items():
            getattr(manager, name)[:] = items
        self.shell.custom_exceptions = self.custom_exceptions
        callbacks = self.shell.events.callbacks
        for name, items in self.events.items():
            # Keep what library code registered since (matplotlib's inline figures); drop the rest.
            added = [f for f in callbacks[name] if f not in items and _library_code(f)]
            callbacks[name][:] = items + added

    def _cell_files(self) -> set[str]:
        return set(getattr(self.shell.compile, "_filename_map", {}))

    def _patched_during_cell(self) -> list[str]:
        return self.replaced_by_others(self.namespaces.changed())

    def replaced_by_others(self, changes: list) -> list[str]:
        """Recorded functions replaced while the protected cell ran, other than by the cell itself.

        A function the trainer's cell defines and installs (``builtins.input = lambda _: "5"``) is
        fine; anything else (a learner's thread or timer re-patching numpy mid-test) is tampering.
        ``changes`` are (namespace, key, recorded value); a class in place of a namespace is always
        tampering (the guard's own classes).
        """
        own_files = self._cell_files() - self.files_before
        problems = []
        for namespace, key, _ in changes:
            if isinstance(namespace, type):
                problems.append(f"{namespace.__name__}.{key}")
                continue
            value = namespace.get(key)
            code = getattr(getattr(value, "__func__", value), "__code__", None)
            # Allowed: the cell's own functions, and installed library code doing its job
            # (`%matplotlib inline` makes IPython wrap pyplot.draw_if_interactive).
            if code is None or not (code.co_filename in own_files or _library_code(value)):
                problems.append(f"{namespace.get('__name__', '?')}.{key}")
        return problems

    def check(self) -> list[str]:
        """What changed during the protected cell (empty when the machinery stayed intact)."""
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
        problems += self.traits.changed()
        problems += self._patched_during_cell()
        problems += [f"class {self.classes.classes[i].__name__}" for i in self.classes.changed()]
        for state in self.objects:
            problems += [f"{type(state.obj).__name__}.{name}" for name in state.changed()]
        return problems


def _free_monitoring_tools() -> None:
    """Python 3.12+: sys.monitoring callbacks could run learner code inside a test; remove them."""
    monitoring = getattr(sys, "monitoring", None)
    if monitoring is None:
        return
    for tool in range(6):
        if monitoring.get_tool(tool) is not None:
            monitoring.set_events(tool, 0)
            for event in vars(monitoring.events).values():
                if isinstance(event, int) and event and not event & (event - 1):
                    monitoring.register_callback(tool, event, None)
            monitoring.free_tool_id(tool)


_LIBRARY_DIRS = tuple({sys.prefix + "/", sys.base_prefix + "/"})


def _library_code(function: object) -> bool:
    """A function from the kernel's read-only installation (no learner can write there)."""
    code = getattr(getattr(function, "__func__", function), "__code__", None)
    return code is not None and code.co_filename.startswith(_LIBRARY_DIRS)


def _refuse_new_audit_hooks(event: str, args: tuple) -> None:
    # An audit hook cannot be removed once added, so a learner's hook could patch things while a
    # test runs. Raising RuntimeError here makes sys.addaudithook refuse, silently.
    if event == "sys.addaudithook":
        raise RuntimeError("audit hooks are disabled in this kernel")
