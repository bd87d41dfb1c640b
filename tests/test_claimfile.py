"""Claim files: every field of DESIGN.md, and bad input reported with file, line and claim id."""

import pytest

from identities.claim import Claim, Errata
from identities.claimfile import load_claim_file, parse_claim_text
from identities.errors import ClaimError

GOOD = '''
[defaults]
symbols = { x = "real" }
conventions = { relu_prime_at_0 = "0" }

[[claim]]
id = "first"
title = "a title"
lhs = "sigmoid(-x)"
rhs = "1 - sigmoid(x)"

[[claim]]
id = "second"
lhs = "(f(x + h) - f(x))/h - diff(f(x), x)"
rhs = "h"
relation = "O"
at = "h -> 0"
symbols = { f = "function", h = "real" }
sources = ["000/S3", "001/2.13#2"]
expected = "true"
allow_unproved = true
latex = '\\nabla f'

[[claim]]
id = "third"
lhs = "1"
rhs = "2"
expected = false
errata = { line = 164, kind = "chain" }
witness = { a = "1" }
assume = ["0 < a"]
'''


def load(text: str, tmp_path, name: str = "x.claims.toml"):
    path = tmp_path / name
    path.write_text(text)
    return load_claim_file(path), str(path)


def test_every_field(tmp_path):
    cf, path = load(GOOD, tmp_path)
    assert cf.errors == [] and cf.warnings == [] and cf.fatal is None
    first, second, third = cf.claims
    assert (first.id, first.line, first.file) == ("first", 6, path)
    assert dict(first.symbols) == {"x": "real"} and dict(first.conventions) == {"relu_prime_at_0": "0"}
    assert dict(second.symbols) == {"x": "real", "f": "function", "h": "real"}
    assert second.relation == "O" and second.at == "h -> 0"
    assert second.sources == ("000/S3", "001/2.13#2") and second.expected is True and second.allow_unproved
    assert second.latex == r"\nabla f"
    assert third.expected is False and third.errata == Errata(164, "chain")
    assert third.assume == ("0 < a",) and dict(third.witness) == {"a": "1"}


def errors_of(text: str, tmp_path) -> list[ClaimError]:
    cf, _ = load(text, tmp_path)
    return cf.errors


def only_error(text: str, tmp_path) -> ClaimError:
    errors = errors_of(text, tmp_path)
    assert len(errors) == 1, errors
    return errors[0]


OTHER = '\n[[claim]]\nid = "fine"\nlhs = "1"\nrhs = "1"\n'


@pytest.mark.parametrize(
    "body, line, claim_id, message",
    [
        ('id = "a"\nlhs = "1"\nrhs = 2', 4, "a", "rhs must be a string"),
        ('id = "a"\nlhs = "1"', 1, "a", "missing rhs"),
        ('lhs = "1"\nrhs = "1"', 1, None, "missing id"),
        ('id = "Bad_Id"\nlhs = "1"\nrhs = "1"', 2, "Bad_Id", "must be lowercase words"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nrelation = "~"', 5, "a", "relation '~' is not one of"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nsymbols = { x = 1 }', 5, "a", "symbols must be a table of strings"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nassume = "0 < x"', 5, "a", "assume must be a list of strings"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nsources = ["sheet one"]', 5, "a", "must look like '001/2.13'"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nexpected = "maybe"', 5, "a", "expected must be true or false"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nerrata = { line = 3, kind = "chain" }', 5, "a", "expected = false"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nerrata = { line = 3, kind = "typo" }\nexpected = false', 5, "a",
         "errata kind must be one of"),
        ('id = "a"\nlhs = "1\nrhs = "1"', 3, "a", "malformed TOML"),
        ('id = "a"\nlhs = "1"\nrhs = "1"\nallow_unproved = "yes"', 5, "a", "allow_unproved must be true or false"),
    ],
)
def test_bad_fields_name_file_line_and_claim(tmp_path, body, line, claim_id, message):
    err = only_error("[[claim]]\n" + body + "\n" + OTHER, tmp_path)
    assert err.line == line and err.claim_id == claim_id and message in err.message
    assert err.file.endswith("x.claims.toml")
    cf, _ = load("[[claim]]\n" + body + "\n" + OTHER, tmp_path)
    assert [c.id for c in cf.claims] == ["fine"]  # the other claim is still there


def test_duplicate_ids(tmp_path):
    err = only_error(OTHER + OTHER, tmp_path)
    assert err.claim_id == "fine" and err.line == 7 and "duplicate id (first at line 2)" in err.message


def test_unknown_keys_warn_and_strict_makes_them_errors(tmp_path):
    text = '[[claim]]\nid = "a"\nlhs = "1"\nrhs = "1"\ncolour = "red"\n'
    cf, path = load(text, tmp_path)
    assert cf.errors == [] and cf.warnings == [f"{path}:5: claim a: unknown key 'colour' (ignored)"]
    strict = parse_claim_text(text, path, strict=True)
    assert strict.errors[0].message == "unknown key 'colour'" and strict.errors[0].line == 5


@pytest.mark.parametrize(
    "content, message",
    [
        (b"\x00\x01\x02binary", "binary data (a NUL byte), not TOML text"),
        ("id = 'é'".encode("latin-1") + b"\n[[claim]]\n", "not UTF-8 text"),
        (b"[defaults]\nsymbols = 3\n[[claim]]\nid='a'\nlhs='1'\nrhs='1'\n", "[defaults] symbols must be a table"),
    ],
)
def test_unusable_files_are_fatal(tmp_path, content, message):
    path = tmp_path / "bad.claims.toml"
    path.write_bytes(content)
    cf = load_claim_file(path)
    assert cf.fatal is not None and message in cf.fatal.message and cf.fatal.file == str(path)
    assert cf.claims == []


def test_missing_file_is_fatal(tmp_path):
    cf = load_claim_file(tmp_path / "absent.claims.toml")
    assert cf.fatal is not None and "cannot read" in cf.fatal.message


def test_claims_are_hashable_data():
    c = Claim(id="a", lhs="x", rhs="x", symbols={"x": "real"})
    assert hash(c) == hash(Claim(id="a", lhs="x", rhs="x", symbols={"x": "real"}))


def test_a_file_without_claims_is_a_warning_not_a_crash(tmp_path):
    import io

    from render.cli import main

    for name, text, warned in (("defaults.claims.toml", '[defaults]\nsymbols = { x = "real" }\n', True),
                               ("empty.claims.toml", "", False)):
        path = tmp_path / name
        path.write_text(text)
        out, err = io.StringIO(), io.StringIO()
        assert main(["check", str(path), "--jobs", "1"], out, err) == 0
        assert (f"warning: {path}: no [[claim]] table in the file" in err.getvalue()) is warned
        assert out.getvalue().endswith("0 claims: 0 proved, 0 refuted, 0 unproved, 0 timeout, 0 error; "
                                       "0 differ from their expectation\n")
