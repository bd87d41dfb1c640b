"""Hostile claim files: every class of attack is reported exactly and harms nothing else

`tests/hostile/*.toml.hostile` (a suffix the pytest plugin does not collect) holds one file per class: code
injection, giant exponents and integers, deep nesting, megabyte expressions, binary garbage, wrong encodings,
duplicate ids and keys, wrong types. Each file starts and ends with a normal claim. For each class the test checks
the file in a scratch working directory and asserts, for every claim, its line, id, verdict and (for an error)
its exact message; that the normal claims got their normal verdicts; and that no payload ran (a payload that ran
would have created the file `sentinel` in the working directory — nothing at all may appear there).
"""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest

from identities.check import check
from render.cli import main

HOSTILE = Path(__file__).parent / "hostile"
NORMAL = {"normal-before": "proved", "normal-after": "refuted"}

EXPECTED = {
    'injection': [
        (4, 'normal-before', 'proved', None),
        (11, 'dunder-import', 'error',
         'lhs: method .system() is not allowed (allowed: inv, transpose, det, trace, jacobian)'),
        (16, 'attribute-chain', 'error',
         'lhs: method .__subclasses__() is not allowed (allowed: inv, transpose, det, trace, jacobia'
         'n)'),
        (21, 'globals-chain', 'error',
         'lhs: method .system() is not allowed (allowed: inv, transpose, det, trace, jacobian)'),
        (26, 'lambda', 'error', 'lhs: only named functions may be called'),
        (31, 'f-string', 'error', 'lhs: f-string is not allowed in a claim expression'),
        (36, 'dunder-name', 'error', "lhs: name '__builtins__' is not allowed (names starting with '_')"),
        (41, 'eval', 'error', "lhs: unknown function 'eval'"),
        (46, 'exec', 'error', "lhs: unknown function 'exec'"),
        (51, 'sympify-string', 'error', "lhs: unknown function 'sympify'"),
        (56, 'parse-expr-string', 'error', "lhs: unknown function 'parse_expr'"),
        (61, 'string-literal', 'error',
         "lhs: literal 'open(1)' is not allowed (only numbers, and '+'/'-' as a limit direction)"),
        (66, 'comprehension', 'error', 'lhs: comprehension is not allowed in a claim expression'),
        (71, 'walrus', 'error', 'lhs: assignment is not allowed in a claim expression'),
        (76, 'getattr', 'error', "lhs: unknown function 'getattr'"),
        (81, 'keyword-argument', 'error', "lhs: unknown function 'Symbol'"),
        (88, 'injection-in-assume', 'error',
         'assume[0]: method .system() is not allowed (allowed: inv, transpose, det, trace, jacobian)'),
        (94, 'injection-in-symbols', 'error',
         'symbols: symbol \'x\': unknown declaration "__import__(\'os\').system(\'touch" (known: real, po'
         'sitive, negative, nonnegative, nonpositive, nonzero, integer, matrix(m, n), vector(n), fun'
         'ction)'),
        (100, 'injection-in-witness', 'error', "witness.x: unknown function 'open'"),
        (107, 'injection-in-at', 'error', "at: unknown function 'open'"),
        (113, 'injection-in-convention', 'error',
         'conventions: convention heaviside_at_0 = "open(\'sentinel\', \'w\')": choose one of 0, 1, 1/2'),
        (115, 'normal-after', 'refuted', None),
    ],
    'giant-numbers': [
        (3, 'normal-before', 'proved', None),
        (10, 'exponent-tower', 'error', 'lhs: constant exponent 10000000000 exceeds the limit of 1000'),
        (15, 'power-of-two-tower', 'error', 'lhs: constant exponent 65536 exceeds the limit of 1000'),
        (20, 'nine-nine-nine', 'error', 'lhs: constant exponent 387420489 exceeds the limit of 1000'),
        (25, 'negative-exponent', 'error', 'lhs: constant exponent -1000000 exceeds the limit of 1000'),
        (30, 'long-integer', 'error', 'lhs: integer literal exceeds 400 digits'),
        (35, 'huge-decimal-exponent', 'error', 'lhs: decimal literal 1e999999999 has more than 400 digits'),
        (40, 'huge-decimal', 'error', 'lhs: decimal literal 0.0000000000…0001 has more than 400 digits'),
        (47, 'giant-symbolic-size', 'error',
         "symbols: symbol 'A': size 100000 in 'matrix(100000, 100000)' is outside 1..64"),
        (53, 'giant-vector', 'error', "symbols: symbol 'v': size 1000000 in 'vector(1000000)' is outside 1..64"),
        (55, 'giant-onehot', 'proved', None),
        (60, 'normal-after', 'refuted', None),
    ],
    'nesting': [
        (3, 'normal-before', 'proved', None),
        (10, 'parentheses', 'error', 'lhs: expression nested 5000 deep exceeds the limit of 80'),
        (15, 'calls', 'error', 'lhs: expression nested 500 deep exceeds the limit of 80'),
        (20, 'unary-minus', 'error', 'lhs: expression nesting exceeds the limit of 80'),
        (25, 'not-chain', 'error', 'lhs: expression nesting exceeds the limit of 80'),
        (30, 'lists', 'error', 'lhs: expression nested 2000 deep exceeds the limit of 80'),
        (35, 'power-chain', 'error', 'lhs: expression nesting exceeds the limit of 80'),
        (38, 'moderate-nesting', 'proved', None),
        (43, 'normal-after', 'refuted', None),
    ],
    'megabyte': [
        (4, 'normal-before', 'proved', None),
        (11, 'megabyte-sum', 'error', 'lhs: expression of 1200001 characters exceeds the limit of 20000'),
        (14, 'megabyte-title', 'proved', None),
        (24, 'megabyte-assume', 'error', 'assume[0]: expression of 1200001 characters exceeds the limit of 20000'),
        (26, 'normal-after', 'refuted', None),
    ],
    'binary': [
        (3, 'normal-before', 'proved', None),
        (10, 'nul-bytes', 'error', 'binary data (a NUL byte), not TOML text (byte 198)'),
        (18, 'random-bytes', 'error', 'binary data (a NUL byte), not TOML text (byte 308)'),
        (22, 'escape-character', 'error', "malformed TOML at column 9: Illegal character '\\x1b'"),
        (27, 'null-in-expression', 'error', 'lhs: control character U+0000 at column 2 is not allowed'),
        (30, 'normal-after', 'refuted', None),
    ],
    'encoding': [
        (3, 'normal-before', 'proved', None),
        (10, 'latin-1', 'error', 'not UTF-8 text (byte 234)'),
        (16, 'overlong', 'error', 'not UTF-8 text (byte 293)'),
        (22, 'surrogate', 'error', 'not UTF-8 text (byte 354)'),
        (26, 'utf-8-is-fine', 'proved', None),
        (32, 'normal-after', 'refuted', None),
    ],
    'duplicates': [
        (3, 'normal-before', 'proved', None),
        (8, 'twice', 'proved', None),
        (13, 'twice', 'error', 'duplicate id (first at line 8)'),
        (21, 'key-twice', 'error', 'malformed TOML at column 10: Cannot overwrite a value'),
        (30, 'two-tables', 'error', "malformed TOML at column 15: Cannot declare ('claim', 'symbols') twice"),
        (33, 'normal-before', 'error', 'duplicate id (first at line 3)'),
        (38, 'normal-after', 'refuted', None),
    ],
    'wrong-types': [
        (3, 'normal-before', 'proved', None),
        (9, 'line-9', 'error', 'id must be a string, got int'),
        (15, 'lhs-number', 'error', 'lhs must be a string (an expression), got int 3'),
        (21, 'rhs-list', 'error', "rhs must be a string (an expression), got list ['x']"),
        (27, 'relation-bool', 'error', 'relation must be a string, got bool True'),
        (33, 'symbols-string', 'error', 'symbols must be a table of strings, e.g. symbols = { x = "real" }'),
        (39, 'symbols-nested', 'error', 'symbols must be a table of strings, e.g. symbols = { x = "real" }'),
        (45, 'assume-string', 'error', 'assume must be a list of strings'),
        (51, 'sources-numbers', 'error', 'sources must be a list of strings'),
        (57, 'expected-maybe', 'error', "expected must be true or false, got 'maybe'"),
        (63, 'allow-unproved-string', 'error', "allow_unproved must be true or false, got str 'yes'"),
        (69, 'witness-number', 'error', 'witness must be a table of strings, e.g. witness = { a = "2*W" }'),
        (75, 'conventions-bool', 'error',
         'conventions must be a table of strings, e.g. conventions = { heaviside_at_0 = "0" }'),
        (79, 'title-date', 'error',
         'title must be a string, got datetime datetime.datetime(1979, 5, 27, 7, 32, tzinfo=datetime'
         '.timezone.utc)'),
        (88, 'at-number', 'error', "at must be a string such as 'h -> 0', got int 0"),
        (95, 'errata-string', 'error', 'errata must be a table { line = N, kind = "chain" }'),
        (101, 'latex-table', 'error', "latex must be a string, got dict {'a': 1}"),
        (103, 'claim-array', 'proved', None),
        (110, 'normal-after', 'refuted', None),
    ],
}
"""Per class: (line, claim id, verdict, message of an error) for every claim of the file, in order."""


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_class_is_reported_exactly_and_harms_nothing(name, tmp_path, monkeypatch):
    path = HOSTILE / f"{name}.toml.hostile"
    monkeypatch.chdir(tmp_path)
    report = check([path], jobs=2, timeout=60)
    got = [(p.claim.line, p.claim.id, p.verdict.value, p.message if p.verdict.value == "error" else None)
           for p in report.proofs]
    assert got == EXPECTED[name]
    assert all(p.claim.file == str(path) for p in report.proofs)
    normal = {p.claim.id: p.verdict.value for p in report.proofs if p.claim.id in NORMAL and p.verdict.value != "error"}
    assert normal == NORMAL
    assert not report.fatal and report.exit_status() == 2
    assert list(tmp_path.iterdir()) == []  # no sentinel, nothing else


@pytest.mark.parametrize("name, message", [
    ("garbage", "binary data (a NUL byte), not TOML text (byte 0)"),
    ("utf16", "UTF-16 text (byte-order mark): save the file as UTF-8"),
])  # fmt: skip
def test_an_unreadable_file_is_fatal_and_the_next_file_is_checked(name, message, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = HOSTILE / f"{name}.toml.hostile"
    report = check([path, HOSTILE / "duplicates.toml.hostile"], jobs=2, timeout=60)
    assert [(f.file, f.line, f.message) for f in report.fatal] == [(str(path), 1, message)]
    assert [p.claim.id for p in report.proofs][:2] == ["normal-before", "twice"]
    assert report.exit_status() == 2


def test_a_file_over_the_size_limit_is_fatal(tmp_path):
    path = tmp_path / "big.claims.toml"
    path.write_bytes(b"# " + b"x" * (9 * 1024**2) + b"\n")
    report = check([path], timeout=10)
    assert [(f.line, f.message) for f in report.fatal] == [(None, f"file of {9 * 1024**2 + 3} bytes exceeds 8388608")]


def test_the_command_line_reports_hostile_input_as_input_errors(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = HOSTILE / "injection.toml.hostile"
    out = StringIO()
    assert main(["check", str(path), "--jobs", "2", "--timeout", "60", "--json"], out, StringIO()) == 2
    claims = json.loads(out.getvalue())["claims"]
    assert [(c["line"], c["id"], c["verdict"]) for c in claims][:2] == [(4, "normal-before", "proved"),
                                                                         (11, "dunder-import", "error")]
    text = StringIO()
    assert main(["check", str(path), "--jobs", "2", "--timeout", "60"], text, StringIO()) == 2
    assert (f"{path}:26: error lambda — lhs: only named functions may be called"
            in text.getvalue().splitlines())
    assert list(tmp_path.iterdir()) == []


def test_the_plugin_does_not_collect_hostile_files():
    from identities.pytest_plugin import SUFFIX

    assert sorted(p.name for p in HOSTILE.iterdir() if p.name.endswith(SUFFIX)) == []
    assert len(list(HOSTILE.glob("*.toml.hostile"))) == 10
