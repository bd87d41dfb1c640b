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

from identities.lazy import lazy_exports

_EXPORTS = {
    **{name: "derivations.interactive" for name in ("Chain", "derive", "show")},
    **{name: "derivations.derivation" for name in ("Derivation", "Link")},
    "load_sheet": "derivations.sheet",
    **{name: "derivations.checking" for name in ("CheckedDerivation", "check_sheets")},
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
