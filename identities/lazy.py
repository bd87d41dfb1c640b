"""Lazy re-exports (PEP 562): a package's public names, imported from their modules at first use

So that importing a package — as pytest does when it loads `identities.pytest_plugin` in every project — costs
nothing until a name is used.

Main definitions
- `lazy_exports(package, exports)`: the package's `__getattr__` and `__dir__`.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Mapping


def lazy_exports(package: str, exports: Mapping[str, str]) -> tuple[Callable[[str], object], Callable[[], list]]:
    """`__getattr__` and `__dir__` for `package`, where `exports` maps each public name to its module.

    >>> getattr_, dir_ = lazy_exports("identities", {"Verdict": "identities.claim"})
    >>> getattr_("Verdict").PROVED.value, dir_()
    ('proved', ['Verdict'])
    """
    names = sorted(exports)

    def __getattr__(name: str) -> object:
        if name not in exports:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(exports[name]), name)
        setattr(sys.modules[package], name, value)
        return value

    def __dir__() -> list[str]:
        return list(names)

    return __getattr__, __dir__
