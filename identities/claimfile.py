"""Claim files: TOML, one `[[claim]]` table per claim, read claim by claim

A claim file is split at its `[[claim]]` headers and every piece is parsed and validated on its own, so that an
error names the file, the line and the claim id, and one broken claim never stops the others. What comes before
the first header may hold a `[defaults]` table (`conventions`, `symbols`) for every claim of the file. A file that
cannot be read at all (binary, not UTF-8, too large, its defaults broken) is *fatal*: no claim of it is checked.

Main definitions
- `ClaimFile`: the claims of one file, the errors of broken ones, warnings, and a fatal error if any.
- `load_claim_file(path)`, `parse_claim_text(text, file)`.
- `KNOWN_KEYS`: the fields of a claim (DESIGN.md), plus `latex`, the seed sheet's own LaTeX of a statement.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .claim import ERRATA_KINDS, ID_PATTERN, RELATIONS, SOURCE_PATTERN, Claim, Errata
from .errors import ClaimError

KNOWN_KEYS = ("id", "title", "lhs", "rhs", "relation", "at", "symbols", "assume", "witness", "conventions",
              "sources", "expected", "allow_unproved", "errata", "latex")
DEFAULT_KEYS = ("conventions", "symbols")
MAX_FILE_BYTES = 8 * 1024**2
EXAMPLES = {"symbols": '{ x = "real" }', "witness": '{ a = "2*W" }', "conventions": '{ heaviside_at_0 = "0" }'}
_HEADER = re.compile(r"^\s*\[\[\s*claim\s*\]\]\s*(#.*)?$")
_TOML_LINE = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class ClaimFile:
    """What one claim file holds: claims and errors in file order, warnings, or a fatal error."""

    path: str
    entries: list[Claim | ClaimError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    fatal: ClaimError | None = None
    key_lines: dict[int, dict[str, int]] = field(default_factory=dict)
    """For the claim whose header is at line n: its keys → the lines they are written on."""

    def key_line(self, claim: Claim, key: str) -> int | None:
        """The line of `key` in `claim` (its header's line when the key is not written in the claim)."""
        return self.key_lines.get(claim.line or 0, {}).get(key, claim.line)

    @property
    def claims(self) -> list[Claim]:
        return [e for e in self.entries if isinstance(e, Claim)]

    @property
    def errors(self) -> list[ClaimError]:
        return [e for e in self.entries if isinstance(e, ClaimError)]


def load_claim_file(path: str | Path, strict: bool = False) -> ClaimFile:
    """Read and validate a claim file; a file that cannot be read gives a `ClaimFile` with `fatal` set."""
    name = str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_FILE_BYTES:
            return ClaimFile(name, fatal=ClaimError(f"file of {size} bytes exceeds {MAX_FILE_BYTES}", file=name,
                                                    fatal=True))
        data = Path(path).read_bytes()
    except OSError as err:
        return ClaimFile(name, fatal=ClaimError(f"cannot read: {err.strerror}", file=name, fatal=True))
    text, broken = decode_pieces(data, name)
    if text is None:
        return ClaimFile(name, fatal=broken[0])
    return parse_claim_text(text, name, strict, broken=broken)


_ID_BYTES = re.compile(rb"^\s*id\s*=\s*[\"']([a-z0-9-]{1,200})[\"']", re.MULTILINE)


def decode_pieces(data: bytes, file: str) -> tuple[str | None, dict[int, ClaimError]]:
    """The file's text, each `[[claim]]` piece decoded on its own: a piece holding NUL bytes or bytes that are not
    UTF-8 becomes an error of that claim (its lines blanked, so that line numbers stay), the others are kept. A
    file whose preamble cannot be decoded is unusable: (None, {0: its fatal error}). The errors are keyed by the
    first line of their piece. A UTF-8 byte-order mark is dropped.

    >>> text, errors = decode_pieces(b'[[claim]]\\nid = "a"\\ntitle = "caf\\xe9"\\n', "f.claims.toml")
    >>> errors[1].line, errors[1].claim_id, errors[1].message
    (3, 'a', 'not UTF-8 text (byte 31)')
    """
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None, {0: ClaimError("UTF-16 text (byte-order mark): save the file as UTF-8", file=file, line=1,
                                    fatal=True)}
    data = data.removeprefix(b"\xef\xbb\xbf")
    lines = data.split(b"\n")
    starts = [k for k, line in enumerate(lines) if _HEADER.match(line.decode("latin-1"))]
    bounds = [(a, b) for a, b in zip([0, *starts], [*starts, len(lines)], strict=True) if a < b]
    out: list[str] = []
    errors: dict[int, ClaimError] = {}
    offset = 0
    for start, end in bounds:
        raw = b"\n".join(lines[start:end])
        problem = _undecodable(raw)
        if problem is None:
            out.append(raw.decode("utf-8"))
        else:
            position, what = problem
            line = start + raw[:position].count(b"\n") + 1
            found = _ID_BYTES.search(raw)
            message = f"{what} (byte {offset + position})"
            if start not in starts:
                return None, {0: ClaimError(message, file=file, line=line, fatal=True)}
            errors[start + 1] = ClaimError(message, file=file, line=line,
                                           claim_id=found.group(1).decode() if found else None)
            out.append(lines[start].decode("latin-1") + "\n" * (end - start - 1))
        offset += len(raw) + 1
    return "\n".join(out), errors


def _undecodable(raw: bytes) -> tuple[int, str] | None:
    """Where and why a piece cannot be read as text, or None."""
    if b"\x00" in raw:
        return raw.index(b"\x00"), "binary data (a NUL byte), not TOML text"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return err.start, "not UTF-8 text"
    return None


def _chunks(lines: list[str]) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """The preamble and the [[claim]] pieces as (first line number, lines)."""
    starts = [k for k, line in enumerate(lines) if _HEADER.match(line)]
    preamble = lines[: starts[0]] if starts else lines
    ends = [*starts[1:], len(lines)] if starts else []
    pieces = [(s + 1, lines[s:e]) for s, e in zip(starts, ends, strict=True)]
    return preamble, pieces


def _written_id(lines: list[str]) -> str | None:
    """The id as written in a piece that may not be valid TOML (to name the claim in its error)."""
    found = _ID_BYTES.search("\n".join(lines).encode("utf-8", "replace"))
    return found.group(1).decode() if found else None


def _toml(lines: list[str], first_line: int, file: str, claim_id: str | None = None) -> dict[str, Any]:
    try:
        return tomllib.loads("\n".join(lines))
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        match = _TOML_LINE.search(message)
        line = first_line + int(match.group(1)) - 1 if match else first_line
        column = f" at column {match.group(2)}" if match else ""
        message = _TOML_LINE.sub("", message).strip()
        raise ClaimError(f"malformed TOML{column}: {message}", file=file, line=line, claim_id=claim_id) from None


def _key_line(lines: list[str], first_line: int, key: str) -> int:
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=|^\s*\[\[?\s*claim\.{re.escape(key)}\s*\]")
    for k, line in enumerate(lines):
        if pattern.match(line):
            return first_line + k
    return first_line


def parse_claim_text(text: str, file: str = "<string>", strict: bool = False,
                     broken: dict[int, ClaimError] | None = None) -> ClaimFile:
    """Validate the text of a claim file (see `load_claim_file`).

    >>> cf = parse_claim_text('[[claim]]\\nid = "a"\\nlhs = "sigmoid(0)"\\nrhs = "1/2"\\n', "x.claims.toml")
    >>> [c.id for c in cf.claims], cf.errors
    (['a'], [])
    """
    out = ClaimFile(file)
    lines = text.split("\n")
    preamble, pieces = _chunks(lines)
    try:
        defaults = _defaults(_toml(preamble, 1, file), file, out, strict)
    except ClaimError as err:
        out.fatal = ClaimError(err.message, file=file, line=err.line, fatal=True)
        return out
    if not pieces and text.strip():
        out.warnings.append(f"{file}: no [[claim]] table in the file")
    seen: dict[str, int] = {}
    for first_line, chunk in pieces:
        if broken and first_line in broken:
            out.entries.append(broken[first_line])
            continue
        try:
            table = _toml(chunk, first_line, file, _written_id(chunk)).get("claim")
            if not isinstance(table, list) or len(table) != 1 or not isinstance(table[0], dict):
                raise ClaimError("each [[claim]] piece must hold exactly one claim table", file=file, line=first_line)
            claim = _claim(table[0], chunk, first_line, file, defaults, out, strict)
        except ClaimError as err:
            out.entries.append(err)
            continue
        if claim.id in seen:
            out.entries.append(ClaimError(f"duplicate id (first at line {seen[claim.id]})", file=file,
                                          line=first_line, claim_id=claim.id))
            continue
        seen[claim.id] = first_line
        out.entries.append(claim)
    return out


def _defaults(preamble: dict[str, Any], file: str, out: ClaimFile, strict: bool) -> dict[str, dict]:
    for key in preamble:
        if key != "defaults":
            _unknown(f"top-level key {key!r}", file, 1, None, out, strict)
    table = preamble.get("defaults", {})
    if not isinstance(table, dict):
        raise ClaimError("[defaults] must be a table", file=file, line=1)
    for key in table:
        if key not in DEFAULT_KEYS:
            _unknown(f"key {key!r} in [defaults] (known: {', '.join(DEFAULT_KEYS)})", file, 1, None, out, strict)
    result = {}
    for key in DEFAULT_KEYS:
        value = table.get(key, {})
        if not isinstance(value, dict) or not all(isinstance(v, (str, int, float)) for v in value.values()):
            raise ClaimError(f"[defaults] {key} must be a table of strings", file=file, line=1)
        result[key] = {k: str(v) for k, v in value.items()}
    return result


def _unknown(what: str, file: str, line: int, claim_id: str | None, out: ClaimFile, strict: bool) -> None:
    if strict:
        raise ClaimError(f"unknown {what}", file=file, line=line, claim_id=claim_id)
    who = f" claim {claim_id}:" if claim_id else ""
    out.warnings.append(f"{file}:{line}:{who} unknown {what} (ignored)")


def _expect(table: dict, key: str, kind: type | tuple, what: str, fail) -> Any:
    value = table.get(key)
    if value is not None and not isinstance(value, kind):
        raise fail(key, f"{key} must be {what}, got {type(value).__name__} {value!r}"[:200])
    return value


def _claim(table: dict, chunk: list[str], first_line: int, file: str, defaults: dict, out: ClaimFile,
           strict: bool) -> Claim:
    raw_id = table.get("id")
    claim_id = raw_id if isinstance(raw_id, str) else None

    def fail(key: str, message: str) -> ClaimError:
        return ClaimError(message, file=file, line=_key_line(chunk, first_line, key), claim_id=claim_id)

    out.key_lines[first_line] = {key: _key_line(chunk, first_line, key) for key in table}
    if claim_id is None:
        raise fail("id", "missing id (a string such as 'sigmoid-neg-eq-one-sub')" if raw_id is None
                   else f"id must be a string, got {type(raw_id).__name__}")
    if not ID_PATTERN.match(claim_id):
        raise fail("id", f"id {claim_id!r} must be lowercase words joined by '-' (e.g. 'tanh-eq-two-sigmoid')")
    for key in table:
        if key not in KNOWN_KEYS:
            if strict:
                raise fail(key, f"unknown key {key!r}")
            out.warnings.append(f"{file}:{_key_line(chunk, first_line, key)}: claim {claim_id}: unknown key "
                                f"{key!r} (ignored)")
    for key in ("lhs", "rhs"):
        if key not in table:
            raise ClaimError(f"missing {key}", file=file, line=first_line, claim_id=claim_id)
        _expect(table, key, str, "a string (an expression)", fail)
    title = _expect(table, "title", str, "a string", fail) or ""
    latex = _expect(table, "latex", str, "a string", fail)
    relation = _expect(table, "relation", str, "a string", fail) or "=="
    if relation not in RELATIONS:
        raise fail("relation", f"relation {relation!r} is not one of {', '.join(RELATIONS)}")
    at = _expect(table, "at", str, "a string such as 'h -> 0'", fail)
    symbols = {**defaults["symbols"], **_string_table(table, "symbols", fail)}
    conventions = {**defaults["conventions"], **_string_table(table, "conventions", fail, numbers=True)}
    witness = _string_table(table, "witness", fail)
    assume = _string_list(table, "assume", fail)
    sources = _string_list(table, "sources", fail)
    for source in sources:
        if not SOURCE_PATTERN.match(source):
            raise fail("sources", f"source {source!r} must look like '001/2.13' or '002/3c#2'")
    expected = table.get("expected")
    if isinstance(expected, str) and expected in ("true", "false"):
        expected = expected == "true"
    if expected is not None and not isinstance(expected, bool):
        raise fail("expected", f"expected must be true or false, got {expected!r}")
    allow_unproved = _expect(table, "allow_unproved", bool, "true or false", fail) or False
    errata = _errata(table, fail, expected)
    return Claim(id=claim_id, lhs=table["lhs"], rhs=table["rhs"], relation=relation, title=title, at=at,
                 symbols=symbols, assume=tuple(assume), witness=witness, conventions=conventions,
                 sources=tuple(sources), expected=expected, allow_unproved=allow_unproved, errata=errata,
                 latex=latex, file=file, line=first_line)


def _string_table(table: dict, key: str, fail, numbers: bool = False) -> dict[str, str]:
    value = table.get(key, {})
    allowed = (str, int, float) if numbers else (str,)
    if not isinstance(value, dict) or not all(isinstance(v, allowed) and not isinstance(v, bool)
                                              for v in value.values()):
        raise fail(key, f"{key} must be a table of strings, e.g. {key} = {EXAMPLES[key]}")
    return {k: str(v) for k, v in value.items()}


def _string_list(table: dict, key: str, fail) -> list[str]:
    value = table.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise fail(key, f"{key} must be a list of strings")
    return value


def _errata(table: dict, fail, expected) -> Errata | None:
    value = table.get("errata")
    if value is None:
        return None
    if not isinstance(value, dict) or not isinstance(value.get("line"), int) or isinstance(value.get("line"), bool):
        raise fail("errata", "errata must be a table { line = N, kind = \"chain\" }")
    kind = value.get("kind")
    if kind not in ERRATA_KINDS:
        raise fail("errata", f"errata kind must be one of {', '.join(ERRATA_KINDS)}")
    if expected is not False:
        raise fail("errata", "errata belongs to a false statement (expected = false)")
    corrected = value.get("corrected")
    if corrected is not None and not (isinstance(corrected, str) and ID_PATTERN.match(corrected)):
        raise fail("errata", "errata.corrected must be the id of the corrected claim")
    unknown = set(value) - {"line", "kind", "corrected"}
    if unknown:
        raise fail("errata", f"errata has unknown keys {sorted(unknown)} (line, kind, corrected)")
    return Errata(value["line"], kind, corrected)
