"""Proofs as plain JSON, for the proof store: no pickle, nothing executed when an entry is read

A SymPy expression is written as its tree: each node names its class and lists its arguments; symbols carry their
assumptions, numbers their exact value. Reading an entry rebuilds the tree from a whitelist of classes, SymPy's and
the vocabulary's `Basic` subclasses found by their module and name (never by importing or calling anything the
entry names), under `evaluate(False)` so that nothing is simplified on the way. A proof is stored only when its
JSON reads back to the very same objects (the same `srepr`), so that a proof from the store renders byte for byte
as the proof that was stored.

Main definitions
- `proof_to_json(proof)`: the JSON-ready form of a proof (its claim left out); `Unstorable` when it does not
  read back exactly.
- `proof_from_json(data, claim)`: the proof again, for `claim`; `BadEntry` for anything malformed or foreign.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from .claim import Certificate, Claim, Proof, Step, Verdict

FORMAT = 2
"""The version of this format; an entry of another version is ignored."""


class Unstorable(ValueError):
    """A proof whose JSON would not read back to the same objects (it is not stored)."""


class BadEntry(ValueError):
    """A stored entry that is malformed, foreign or of another format (it is ignored and reported)."""


def _classes() -> dict[str, type | None]:
    """Every `Basic` subclass defined by SymPy or proofsheet, by `module:qualified name` (None for a name that two
    classes share, such as classes made at run time: such a name reads back to no class)."""
    found: dict[str, type | None] = {}
    seen: set[type] = set()
    pending = [sp.Basic]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            if sub in seen:
                continue
            seen.add(sub)
            pending.append(sub)
            module = getattr(sub, "__module__", None) or ""
            if module.split(".")[0] in ("sympy", "identities", "derivations"):
                key = f"{module}:{sub.__qualname__}"
                found[key] = sub if found.get(key, sub) is sub else None
    return found


_CLASSES: dict[str, type | None] = {}


def _class(key: str) -> type:
    if key not in _CLASSES:
        _CLASSES.clear()
        _CLASSES.update(_classes())  # classes made since the last look (vocabulary modules imported late)
    cls = _CLASSES.get(key)
    if cls is None:
        raise BadEntry(f"unknown class {key!r}")
    return cls


def _name(cls: type) -> str:
    """The key of `cls`; `Unstorable` when that key does not read back to this very class."""
    key = f"{cls.__module__}:{cls.__qualname__}"
    try:
        found = _class(key)
    except BadEntry:
        raise Unstorable(f"the class {key} has no unique name") from None
    if found is not cls:
        raise Unstorable(f"the class {key} has no unique name")
    return key


# -- values -----------------------------------------------------------------------------------------------------


def encode(value: Any) -> Any:
    """A JSON-ready form of `value` (JSON scalars as they are; containers and SymPy objects tagged).

    >>> encode((1, "a", sp.Rational(2, 3), sp.S.Half))
    {'tuple': [1, 'a', {'Rational': [2, 3]}, {'S': 'Half'}]}
    """
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return {"float": value.hex()}
    if isinstance(value, (list, tuple)):
        return {"list" if isinstance(value, list) else "tuple": [encode(v) for v in value]}
    if isinstance(value, Mapping):
        return {"dict": [[encode(k), encode(v)] for k, v in value.items()]}
    if isinstance(value, sp.Basic):
        return _encode_basic(value)
    raise Unstorable(f"cannot store a {type(value).__name__}")


def _encode_basic(e: sp.Basic) -> Any:
    cls = type(e)
    if isinstance(e, AppliedUndef):
        return {"undef": e.func.__name__, "assumptions": dict(e.func._explicit_class_assumptions),
                "args": [encode(a) for a in e.args]}
    if isinstance(e, sp.Dummy):
        (name, index), assumptions = e.__getnewargs_ex__()
        return {"Dummy": [name, index], "assumptions": dict(assumptions), "class": _name(cls)}
    if isinstance(e, sp.Symbol):
        (name, *_), assumptions = e.__getnewargs_ex__()
        return {"Symbol": name, "assumptions": dict(assumptions), "class": _name(cls)}
    if cls is sp.Integer:
        return {"Integer": str(e)}
    if cls is sp.Rational:
        return {"Rational": [int(e.p), int(e.q)]}
    if cls is sp.Float:
        sign, man, exp, bc = e._mpf_
        return {"Float": [sign, hex(man), exp, bc], "precision": e._prec}
    if getattr(sp.S, cls.__name__, None) is e:
        return {"S": cls.__name__}
    if isinstance(e, sp.core.symbol.Str):
        return {"Str": e.name}
    if isinstance(e, sp.MatrixBase):
        return {"f": _name(cls), "matrix": [e.rows, e.cols, [encode(v) for v in e]]}
    if not e.args and not isinstance(e, sp.Atom):
        return {"f": _name(cls), "a": []}
    if isinstance(e, sp.Atom):
        raise Unstorable(f"cannot store the atom {e!r} ({cls.__name__})")
    return {"f": _name(cls), "a": [encode(a) for a in e.args]}


def _bools(table: Any) -> dict[str, bool]:
    if not isinstance(table, dict) or not all(isinstance(k, str) and isinstance(v, bool) for k, v in table.items()):
        raise BadEntry("assumptions must map names to true or false")
    return table


_TAGS = ("float", "list", "tuple", "dict", "undef", "Symbol", "Dummy", "Integer", "Rational", "Float", "S", "Str",
         "f")
"""The tags of `encode`'s nodes (a node is recognised by its tag, whatever order its keys are stored in)."""


def decode(data: Any) -> Any:
    """`data` written by `encode`, rebuilt (call inside `sp.evaluate(False)`)."""
    if data is None or isinstance(data, (bool, str, int)):
        return data
    if isinstance(data, list) or not isinstance(data, dict) or len(data) == 0:
        raise BadEntry(f"unexpected {type(data).__name__} in an entry")
    tag = next((t for t in _TAGS if t in data), None)
    if tag is None:
        raise BadEntry(f"no known tag among {sorted(data)[:5]}")
    if tag == "float":
        return float.fromhex(data["float"])
    if tag in ("list", "tuple"):
        items = [decode(v) for v in data[tag]]
        return items if tag == "list" else tuple(items)
    if tag == "dict":
        return {decode(k): decode(v) for k, v in data["dict"]}
    return _decode_basic(tag, data)


def _decode_basic(tag: str, data: dict) -> Any:
    if tag == "undef":
        function = sp.Function(str(data["undef"]), **_bools(data["assumptions"]))
        return function(*[decode(a) for a in data["args"]])
    if tag in ("Symbol", "Dummy"):
        cls = _class(data["class"])
        if not issubclass(cls, sp.Symbol):
            raise BadEntry(f"{data['class']} is not a symbol class")
        assumptions = _bools(data["assumptions"])
        if tag == "Dummy":
            name, index = data["Dummy"]
            return sp.Dummy(str(name), dummy_index=int(index), **assumptions)
        if cls is sp.Symbol:
            return sp.Symbol(str(data["Symbol"]), **assumptions)
        return cls(str(data["Symbol"]))  # a Symbol subclass of the vocabulary (KinkValue), from its name
    if tag == "Integer":
        return sp.Integer(int(data["Integer"]))
    if tag == "Rational":
        p, q = data["Rational"]
        return sp.Rational(int(p), int(q))
    if tag == "Float":
        sign, man, exp, bc = data["Float"]
        return sp.Float._new((int(sign), int(man, 16), int(exp), int(bc)), int(data["precision"]))
    if tag == "S":
        value = getattr(sp.S, str(data["S"]), None)
        if not isinstance(value, sp.Basic):
            raise BadEntry(f"unknown singleton {data['S']!r}")
        return value
    if tag == "Str":
        return sp.core.symbol.Str(str(data["Str"]))
    if tag == "f":
        cls = _class(str(data["f"]))
        if "matrix" in data:
            rows, cols, entries = data["matrix"]
            return cls(int(rows), int(cols), [decode(v) for v in entries])
        return _node(cls, tuple(decode(a) for a in data["a"]))
    raise BadEntry(f"unknown tag {tag!r}")


def _node(cls: type, args: tuple) -> Any:
    """`cls(*args)`, or, when the constructor changes the arguments even under `evaluate(False)` (a sum wraps its
    body as 1·f), the node with exactly these arguments, as it was stored."""
    node = cls(*args)
    if type(node) is cls and node.args == args:
        return node
    if issubclass(cls, sp.core.operations.AssocOp):
        return cls._from_args(args)
    raw = sp.Basic.__new__(cls, *args)
    if isinstance(node, cls):  # what the constructor sets beside the arguments (a sum's commutativity)
        with contextlib.suppress(AttributeError):
            raw.is_commutative = node.is_commutative
    return raw


# -- proofs -----------------------------------------------------------------------------------------------------


def _certificate(c: Certificate | None) -> Any:
    if c is None:
        return None
    return {"kind": c.kind, "data": encode(dict(c.data)), "parts": [_certificate(p) for p in c.parts]}


def _certificate_from(data: Any) -> Certificate | None:
    if data is None:
        return None
    return Certificate(str(data["kind"]), decode(data["data"]), tuple(_certificate_from(p) for p in data["parts"]))


_PLAIN = ("method", "message", "domain")
_TAGGED = ("counterexample", "evidence", "values", "postcheck")


def proof_to_json(proof: Proof) -> dict[str, Any]:
    """The stored form of `proof` (without its claim); `Unstorable` unless it reads back to the same objects."""
    data = {"format": FORMAT, "verdict": proof.verdict.value, "seconds": proof.seconds,
            "input_error": proof.input_error, "certificate": _certificate(proof.certificate),
            "steps": [[s.relation, encode(s.expr), s.justification, s.rule] for s in proof.steps],
            "diagnostics": list(proof.diagnostics)}
    data.update({name: getattr(proof, name) for name in _PLAIN})
    data.update({name: encode(getattr(proof, name)) for name in _TAGGED})
    try:
        back = proof_from_json(data, proof.claim)
    except (BadEntry, TypeError, ValueError, KeyError) as err:
        raise Unstorable(f"the stored form does not read back: {err}") from None
    if _fingerprint(back) != _fingerprint(proof):
        raise Unstorable("the stored form reads back to other objects")
    return data


def _fingerprint(proof: Proof) -> tuple:
    """What must read back unchanged. Expressions compare structurally (SymPy's `==` on trees: the same classes,
    the same arguments, the same assumptions on every symbol), which is as strict as comparing their `srepr` and
    does not print them."""
    return (tuple((s.relation, s.expr, s.justification, s.rule) for s in proof.steps), repr(
        (proof.verdict, proof.method, proof.message, proof.domain, proof.seconds, proof.input_error, proof.diagnostics,
         _certificate(proof.certificate), *(encode(getattr(proof, n)) for n in _TAGGED))))


def proof_from_json(data: Any, claim: Claim) -> Proof:
    """The proof stored as `data`, for `claim`; `BadEntry` when `data` is not a stored proof of this format."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BadEntry("not a proof of this format")
    try:
        with sp.evaluate(False):
            steps = tuple(Step(str(r), decode(e), str(j), None if rule is None else str(rule))
                          for r, e, j, rule in data["steps"])
            tagged = {name: decode(data[name]) for name in _TAGGED}
            certificate = _certificate_from(data["certificate"])
        plain = {name: None if data[name] is None else str(data[name]) for name in _PLAIN}
        diagnostics = tuple(str(d) for d in data["diagnostics"])
        return Proof(claim, Verdict(data["verdict"]), certificate=certificate, steps=steps,
                     seconds=float(data["seconds"]), input_error=bool(data["input_error"]), diagnostics=diagnostics,
                     **plain, **tagged)
    except BadEntry:
        raise
    except (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError) as err:
        raise BadEntry(f"malformed entry: {type(err).__name__}: {err}") from None
