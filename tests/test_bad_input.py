"""Bad input through `check`: each case names file, line and claim id; every other claim is still checked."""

import pytest

from identities.check import check

BEFORE = '[[claim]]\nid = "before"\nlhs = "sigmoid(-x)"\nrhs = "1 - sigmoid(x)"\n\n'
AFTER = '\n[[claim]]\nid = "after"\nlhs = "sigmoid(x)"\nrhs = "sigmoid(-x)"\nexpected = false\n'


def checked(tmp_path, middle: str):
    path = tmp_path / "bad.claims.toml"
    path.write_text(BEFORE + middle + AFTER)
    return check([path], jobs=2, timeout=20), str(path)


@pytest.mark.parametrize(
    "middle, line, claim_id, message",
    [
        ('[[claim]]\nid = "toml"\nlhs = "x\nrhs = "1"\n', 8, None, "malformed TOML"),
        ('[[claim]]\nid = "unknown-name"\nlhs = "sigmod(x)"\nrhs = "1"\n', 8, "unknown-name",
         "lhs: unknown function 'sigmod'"),
        ('[[claim]]\nid = "import"\nlhs = "__import__(\'os\').system(\'true\')"\nrhs = "0"\n', 8, "import",
         "lhs: method .system() is not allowed"),
        ('[[claim]]\nid = "import-call"\nlhs = "__import__(\'os\')"\nrhs = "0"\n', 8, "import-call",
         "lhs: name '__import__' is not allowed"),
        ('[[claim]]\nid = "attributes"\nlhs = "sigmoid(x).func.__globals__"\nrhs = "0"\n', 8, "attributes",
         "lhs: attribute .__globals__ is not allowed"),
        ('[[claim]]\nid = "huge"\nlhs = "' + "x+" * 500_000 + 'x"\nrhs = "0"\n', 8, "huge",
         "lhs: expression of 1000001 characters exceeds the limit of 20000"),
        ('[[claim]]\nid = "tower"\nlhs = "x**(10**10**10)"\nrhs = "0"\n', 8, "tower",
         "lhs: constant exponent 10000000000 exceeds the limit of 1000"),
        ('[[claim]]\nid = "digits"\nlhs = "' + "9" * 100_000 + '"\nrhs = "0"\n', 8, "digits",
         "lhs: expression of 100000 characters exceeds the limit of 20000"),
        ('[[claim]]\nid = "big-int"\nlhs = "x + ' + "9" * 4000 + '"\nrhs = "0"\n', 8, "big-int",
         "lhs: integer literal exceeds 400 digits"),
        ('[[claim]]\nid = "before"\nlhs = "1"\nrhs = "1"\n', 6, "before", "duplicate id (first at line 1)"),
        ('[[claim]]\nid = "missing"\nlhs = "1"\n', 6, "missing", "missing rhs"),
        ('[[claim]]\nid = "types"\nlhs = "1"\nrhs = "1"\nassume = 3\n', 10, "types",
         "assume must be a list of strings"),
        ('[[claim]]\nid = "relation"\nlhs = "1"\nrhs = "1"\nrelation = 3\n', 10, "relation",
         "relation must be a string"),
        ('[[claim]]\nid = "shape"\nlhs = "W"\nrhs = "1"\nsymbols = { W = "matrix(2, 2)" }\n', 9, "shape",
         "rhs: one side is a matrix and the other a scalar"),
        ('[[claim]]\nid = "declaration"\nlhs = "x"\nrhs = "x"\nsymbols = { x = "complex" }\n', 10, "declaration",
         "symbols: symbol 'x': unknown declaration 'complex'"),
    ],
)
def test_each_bad_claim_is_reported_and_the_rest_checked(tmp_path, middle, line, claim_id, message):
    report, path = checked(tmp_path, middle)
    errors = [p for p in report.proofs if p.verdict.value == "error"]
    assert len(errors) == 1
    (bad,) = errors
    assert bad.claim.file == path and bad.claim.line == line and message in bad.message
    if claim_id:
        assert bad.claim.id == claim_id
    verdicts = {p.claim.id: p.verdict.value for p in report.proofs if p is not bad}
    assert verdicts == {"before": "proved", "after": "refuted"}
    assert report.exit_status() == 2


def test_unusable_file_is_fatal_and_other_files_still_checked(tmp_path):
    good = tmp_path / "good.claims.toml"
    good.write_text(BEFORE)
    garbage = tmp_path / "garbage.claims.toml"
    garbage.write_bytes(bytes(range(256)) * 4)
    report = check([good, garbage], jobs=1, timeout=20)
    assert [p.verdict.value for p in report.proofs] == ["proved"]
    assert len(report.fatal) == 1 and report.fatal[0].file == str(garbage)
    assert report.exit_status() == 2


def test_a_claim_in_a_wrong_encoding_is_an_error_of_that_claim(tmp_path):
    path = tmp_path / "latin.claims.toml"
    latin = '[[claim]]\nid = "latin"\ntitle = "café"\nlhs = "1"\nrhs = "1"\n'.encode("latin-1")
    path.write_bytes(BEFORE.encode() + latin + AFTER.encode())
    report = check([path], timeout=20)
    assert not report.fatal
    assert [(p.claim.id, p.verdict.value, p.claim.line) for p in report.proofs] == [
        ("before", "proved", 1), ("latin", "error", 8), ("after", "refuted", 12)]
    assert report.proofs[1].message == "not UTF-8 text (byte 103)"


def test_a_file_in_a_wrong_encoding_is_fatal(tmp_path):
    path = tmp_path / "utf16.claims.toml"
    path.write_bytes(BEFORE.encode("utf-16"))
    report = check([path], timeout=20)
    assert report.proofs == [] and report.fatal[0].message == "UTF-16 text (byte-order mark): save the file as UTF-8"
