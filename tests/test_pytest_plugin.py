"""The pytest plugin: claim files collected as tests, one item per claim."""

import pytest

pytest_plugins = ["pytester"]

CLAIMS = """
[[claim]]
id = "sigmoid-symmetry"
lhs = "sigmoid(-x)"
rhs = "1 - sigmoid(x)"

[[claim]]
id = "false-but-expected-true"
lhs = "tanh(x)"
rhs = "2*sigmoid(x) - 1"

[[claim]]
id = "false-and-expected-false"
lhs = "softplus(x)"
rhs = "relu(x)"
expected = false

[[claim]]
id = "erf-range-unproved"
lhs = "gelu(x)"
rhs = "-17/100"
relation = ">"
"""


@pytest.fixture
def claims(pytester):
    pytester.makefile(".claims.toml", demo=CLAIMS)
    return pytester


def test_one_item_per_claim_named_by_its_id(claims):
    result = claims.runpytest("--collect-only", "-q")
    result.stdout.fnmatch_lines(["demo.claims.toml::sigmoid-symmetry", "demo.claims.toml::false-but-expected-true",
                                 "demo.claims.toml::false-and-expected-false", "demo.claims.toml::erf-range-unproved"])


def test_verdicts_and_failure_report(claims):
    result = claims.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines([
        "*claim false-but-expected-true: tanh(x) == 2*sigmoid(x) - 1*",
        "*verdict refuted, expected proved*",
        "*counterexample: x = *",
        "*lhs = *", "*rhs = *",
    ])
    result.stdout.fnmatch_lines(["*verdict unproved, expected proved*", "*evidence (not a proof)*"])


def test_proof_is_attached_as_a_report_section(claims):
    result = claims.runpytest("-rA", "-k", "sigmoid")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*Captured proof call*", "*verdict: proved*"])


def test_keyword_selection_and_exitfirst(claims):
    claims.runpytest("-k", "sigmoid or expected-false").assert_outcomes(passed=2)
    claims.runpytest("-x").assert_outcomes(passed=1, failed=1)


def test_allow_unproved_option(claims):
    result = claims.runpytest("--proofsheet-allow-unproved")
    result.assert_outcomes(passed=3, failed=1)


def test_last_failed_reruns_only_the_failures(claims):
    claims.runpytest()
    result = claims.runpytest("--lf")
    result.assert_outcomes(failed=2)


def test_xdist_and_junitxml(claims):
    result = claims.runpytest("-n", "2", "--junitxml=report.xml")
    result.assert_outcomes(passed=2, failed=2)
    xml = (claims.path / "report.xml").read_text()
    assert 'name="sigmoid-symmetry"' in xml and xml.count("<failure") == 2


def test_a_broken_claim_is_an_item_that_fails_with_its_location(pytester):
    pytester.makefile(".claims.toml", broken='[[claim]]\nid = "bad"\nlhs = "sigmod(x)"\nrhs = "1"\n'
                                             '\n[[claim]]\nid = "fine"\nlhs = "1"\nrhs = "1"\n')
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*lhs: unknown function 'sigmod'*"])


def test_other_files_are_not_collected(pytester):
    pytester.makefile(".toml", plain='[[claim]]\nid = "a"\nlhs = "1"\nrhs = "2"\n')
    pytester.makefile(".hostile", bad="x")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_catalog_option_collects_the_built_in_catalog(pytester):
    result = pytester.runpytest("--proofsheet-catalog", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["*activations.claims.toml::sigmoid-neg-eq-one-sub*"])
