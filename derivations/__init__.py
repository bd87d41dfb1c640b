"""proofsheet's derivations: checked calc chains, the sheet format, and working interactively

The public API is re-exported lazily (PEP 562), as in `identities`, so that importing the package costs nothing
until a name is used.

Main definitions
- `derive`, `show`, `Chain`: an interactive chain checked link by link, a catalog claim with its proof
  (see `derivations.interactive`)
- `Derivation`, `Link`: a sheet's calc chain (see `derivations.derivation`)
- `load_sheet`, `check_sheets`: sheets and checking them (see `derivations.sheet`, `derivations.checking`)
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    **{name: "derivations.interactive" for name in ("Chain", "derive", "show")},
    **{name: "derivations.derivation" for name in ("Derivation", "Link")},
    "load_sheet": "derivations.sheet",
    **{name: "derivations.checking" for name in ("CheckedDerivation", "check_sheets")},
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'derivations' has no attribute {name!r}")
    value = getattr(importlib.import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
