"""The judging guard's own defence: what its code relies on, put back with captured primitives.

The guard restores the kernel's machinery with Python code, so learner code could first disarm that
code: patch ``builtins.any`` (its comparisons then find nothing to restore), its own classes
(``Guard.restore = lambda self: None``), or modules it calls (``sys.settrace``). This records the
code-like entries of those namespaces while the kernel starts and puts them back using only
references captured then (dict and type operations implemented in C), so nothing learner code can
rebind runs on the way. The guard's instances are reachable only through closures.
"""

import sys

from .snapshot import MISSING, is_code

# Modules the guard's code calls into, and its own package.
_DEPENDENCIES = ("builtins", "sys", "operator", "types", "signal", "gc", "threading", "_thread")
_OWN = "manabi_kernel"


def self_defence():
    """``(changed, restore)``: list what differs from the record (namespace, key, recorded value),
    and put it back. Both use only what was captured here."""
    modules = [sys.modules[name] for name in _DEPENDENCIES if name in sys.modules]
    own = [m for n, m in list(sys.modules.items()) if m is not None and n.split(".")[0] == _OWN]
    modules += own
    records = [(vars(m), {k: v for k, v in vars(m).items() if is_code(v)}) for m in modules]
    classes = [
        (cls, dict(vars(cls)))
        for module in own
        for cls in list(vars(module).values())
        if isinstance(cls, type) and cls.__module__ == module.__name__
    ]
    items, get, set_attr, del_attr, listing = (
        dict.items,
        dict.get,
        type.__setattr__,
        type.__delattr__,
        list,
    )
    class_dict = type.__dict__["__dict__"].__get__

    def changed() -> list:
        found = []
        for namespace, recorded in records:
            for key, value in items(recorded):
                if get(namespace, key, MISSING) is not value:
                    found.append((namespace, key, value))
        for cls, recorded in classes:
            current = class_dict(cls)
            for key, value in items(recorded):
                if current.get(key, MISSING) is not value:
                    found.append((cls, key, value))
            for key in listing(current):
                if key not in recorded:
                    found.append((cls, key, MISSING))
        return found

    def restore() -> None:
        for namespace, recorded in records:
            for key, value in items(recorded):
                if get(namespace, key, MISSING) is not value:
                    namespace[key] = value
        for cls, recorded in classes:
            current = class_dict(cls)
            for key, value in items(recorded):
                if current.get(key, MISSING) is not value:
                    set_attr(cls, key, value)
            for key in listing(current):
                if key not in recorded:
                    del_attr(cls, key)

    return changed, restore
