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


def claim_table(id: str, lhs: str, rhs: str, **fields: object) -> str:
    """One `[[claim]]` table (strings quoted, booleans in TOML spelling)."""
    lines = ["[[claim]]", f'id = "{id}"', f'lhs = "{lhs}"', f'rhs = "{rhs}"']
    lines += [f"{k} = {str(v).lower()}" if isinstance(v, bool) else f'{k} = "{v}"' for k, v in fields.items()]
    return "\n".join(lines) + "\n\n"


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
    result.stdout.re_match_lines([
        r"_+ claim false-but-expected-true _+$",
        r"verdict refuted, expected proved — fails at x = 1: lhs = 0\.76159415\d+, rhs = 0\.46211715\d+ "
        r"\(\|lhs - rhs\| = 0\.299, by Arb balls at 64 bits\)$",
        r"claim false-but-expected-true: tanh\(x\) == 2\*sigmoid\(x\) - 1$",
        r"    tanh\(x\) = 2⋅sigmoid\(x\) - 1$",
        r"counterexample: x = 1$",
        r"    lhs = 0\.7615941559557648\d*$",
        r"    rhs = 0\.4621171572600097\d*$",
        r"-+ Captured proof call -+$",
        r"verdict: refuted \(counterexample\)$",
    ])
    result.stdout.re_match_lines([
        r"verdict unproved, expected proved — no strategy proved it and no counterexample was found: the relation "
        r"holds at all \d+ points tried, to 38 digits \(smallest margin \|lhs - rhs\| = [0-9.e-]+, at x = [-0-9/]+\)$",
        r"claim erf-range-unproved: gelu\(x\) > -17/100$",
        r"              -17$", r"    gelu\(x\) > ────$", r"              100$",
        r"evidence \(not a proof\): the relation holds at all \d+ points tried, .*$",
    ])
    result.stdout.fnmatch_lines(["FAILED demo.claims.toml::false-but-expected-true - verdict refuted, expected *",
                                 "FAILED demo.claims.toml::erf-range-unproved - verdict unproved, expected *"])


def test_a_proof_where_a_refutation_was_expected_shows_the_steps_reached(pytester):
    pytester.makefile(".claims.toml", wrong=claim_table("sigmoid-symmetry-called-false", "sigmoid(-x)",
                                                        "1 - sigmoid(x)", expected=False))
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.re_match_lines([
        r"verdict proved, expected refuted$",
        r"    sigmoid\(-x\) = 1 - sigmoid\(x\)$",
        r"steps reached:$",
        r"    == .*   \[definition of sigmoid\]$",
        r"    == 0   \[.*\]$",
        r"-+ Captured proof call -+$",
        r"verdict: proved \(rewrite\)$",
        r"steps:$",
        r"post-check: \d+ points at \d+ digits, .*",
    ])


def test_a_timeout_fails_with_the_time_limit(pytester):
    pytester.makefile(".claims.toml", slow=claim_table("one", "sigmoid(-x)", "1 - sigmoid(x)"))
    result = pytester.runpytest("--proofsheet-timeout", "0.001")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["verdict timeout, expected proved — time limit of 0.001 s reached"])


def test_proof_is_attached_as_a_report_section(claims):
    result = claims.runpytest("-rA", "-k", "sigmoid")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*Captured proof call*", "*verdict: proved*"])


DEMOTING = """
import dataclasses

import identities.pytest_plugin
from identities.claim import Verdict


def pytest_configure(config):
    real = identities.pytest_plugin.prove_claim

    def demoted(config, claim):
        proof = real(config, claim)
        return dataclasses.replace(proof, verdict=Verdict.UNPROVED, message="post-check disagrees (simulated)",
                                   postcheck={"ok": False, "points": 20, "digits": 50, "max_difference": "1"})

    identities.pytest_plugin.prove_claim = demoted
"""


def test_a_proof_the_post_check_demoted_fails_even_when_unproved_is_allowed(pytester):
    pytester.makeconftest(DEMOTING)
    pytester.makefile(".claims.toml", one=claim_table("one", "sigmoid(-x)", "1 - sigmoid(x)", allow_unproved=True))
    result = pytester.runpytest_subprocess("--proofsheet-allow-unproved")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["verdict unproved, expected proved — post-check disagrees (simulated)",
                                 "post-check FAILED: *"])


COUNTING = """
import identities.workers

started = []
real = identities.workers._Worker.__init__


def counting(self, *args, **kwargs):
    started.append(1)
    real(self, *args, **kwargs)


identities.workers._Worker.__init__ = counting


def pytest_sessionfinish(session):
    print(f"\\nworkers started: {len(started)}")
"""


def test_one_worker_serves_every_claim_of_a_session(claims):
    claims.makeconftest(COUNTING)
    result = claims.runpytest_subprocess("-s", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["workers started: 1"])
    empty = claims.runpytest_subprocess("-s", "-k", "no-such-claim")
    empty.stdout.fnmatch_lines(["workers started: 0"])


def test_keyword_selection_and_exitfirst(claims):
    selected = claims.runpytest("-k", "sigmoid or expected-false", "-v")
    selected.assert_outcomes(passed=2, deselected=2)
    selected.stdout.fnmatch_lines(["demo.claims.toml::sigmoid-symmetry PASSED*",
                                   "demo.claims.toml::false-and-expected-false PASSED*"])
    first = claims.runpytest("-x", "-v")
    first.assert_outcomes(passed=1, failed=1)
    first.stdout.fnmatch_lines(["*stopping after 1 failures*"])
    first.stdout.no_fnmatch_line("*erf-range-unproved*")


def test_allow_unproved_option(claims):
    result = claims.runpytest("--proofsheet-allow-unproved", "-rA")
    result.assert_outcomes(passed=3, failed=1)
    result.stdout.fnmatch_lines(["PASSED demo.claims.toml::erf-range-unproved",
                                 "FAILED demo.claims.toml::false-but-expected-true - *"])


def test_allow_unproved_field_of_a_claim(pytester):
    pytester.makefile(".claims.toml", some=claim_table("allowed", "gelu(x)", "-17/100", relation=">",
                                                       allow_unproved=True)
                      + claim_table("not-allowed", "gelu(x)", "-17/100", relation=">"))
    result = pytester.runpytest("-rA")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["PASSED some.claims.toml::allowed", "FAILED some.claims.toml::not-allowed - *"])


def test_allowing_unproved_never_passes_a_refutation_or_a_timeout(pytester):
    pytester.makefile(".claims.toml", some=claim_table("refuted", "tanh(x)", "2*sigmoid(x) - 1", allow_unproved=True))
    pytester.runpytest("--proofsheet-allow-unproved").assert_outcomes(failed=1)
    pytester.runpytest("--proofsheet-allow-unproved", "--proofsheet-timeout", "0.001").assert_outcomes(failed=1)


def test_last_failed_reruns_only_the_failures(claims):
    claims.runpytest().assert_outcomes(passed=2, failed=2)
    result = claims.runpytest("--lf", "-v")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(["*run-last-failure: rerun previous 2 failures*"])
    result.stdout.fnmatch_lines(["demo.claims.toml::false-but-expected-true FAILED*",
                                 "demo.claims.toml::erf-range-unproved FAILED*"])
    result.stdout.no_fnmatch_line("*sigmoid-symmetry*")


def test_xdist_and_junitxml(claims):
    result = claims.runpytest("-n", "2", "--junitxml=report.xml")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.re_match_lines([r"2 workers \[4 items\]"])
    from xml.etree import ElementTree

    cases = {case.get("name"): case for case in ElementTree.parse(claims.path / "report.xml").iter("testcase")}
    assert sorted(cases) == ["erf-range-unproved", "false-and-expected-false", "false-but-expected-true",
                             "sigmoid-symmetry"]
    assert {case.get("classname") for case in cases.values()} == {"demo.claims.toml"}
    failure = cases["false-but-expected-true"].find("failure")
    assert failure.get("message").startswith("verdict refuted, expected proved — fails at x = 1")
    assert "counterexample: x = 1" in failure.text
    assert cases["sigmoid-symmetry"].find("failure") is None
    assert cases["erf-range-unproved"].find("failure").get("message").startswith("verdict unproved")


def test_a_broken_claim_is_an_item_that_fails_with_its_location(pytester):
    pytester.makefile(".claims.toml", broken='[[claim]]\nid = "bad"\nlhs = "sigmod(x)"\nrhs = "1"\n'
                                             '\n[[claim]]\nid = "fine"\nlhs = "1"\nrhs = "1"\n')
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["*lhs: unknown function 'sigmod'*"])


def test_an_unreadable_file_is_one_failing_item_and_the_others_run(pytester):
    pytester.makefile(".claims.toml", broken="[[claim]\nid = 'x'\n", fine=claim_table("fine", "1", "1"))
    result = pytester.runpytest("-rA")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(["FAILED broken.claims.toml::<file> - *"])
    result.stdout.fnmatch_lines(["PASSED fine.claims.toml::fine"])


def test_other_files_are_not_collected(pytester):
    pytester.makefile(".toml", plain='[[claim]]\nid = "a"\nlhs = "1"\nrhs = "2"\n')
    pytester.makefile(".hostile", bad="x")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.NO_TESTS_COLLECTED


def test_catalog_option_collects_the_built_in_catalog(pytester):
    from identities.check import CATALOG, claim_files
    from identities.claimfile import load_claim_file

    total = sum(len(load_claim_file(path).claims) for path in claim_files([CATALOG]))
    assert pytester.runpytest("--collect-only", "-q").ret == pytest.ExitCode.NO_TESTS_COLLECTED
    result = pytester.runpytest("--proofsheet-catalog", "--collect-only", "-q")
    result.stdout.fnmatch_lines(["*activations.claims.toml::sigmoid-neg-eq-one-sub", f"{total} tests collected*"])


def test_catalog_option_runs_catalog_claims_in_parallel(pytester):
    result = pytester.runpytest("--proofsheet-catalog", "-n", "2", "-k", "sigmoid-neg-eq-one-sub or tanh-eq", "-rA")
    result.stdout.fnmatch_lines(["*PASSED*activations.claims.toml::sigmoid-neg-eq-one-sub"])
    outcomes = result.parseoutcomes()
    assert outcomes["passed"] >= 2 and "failed" not in outcomes


PROBE = """
import sys

def pytest_collection_finish(session):
    heavy = sorted(m for m in ("sympy", "mpmath", "flint", "jinja2", "identities.claim") if m in sys.modules)
    loaded = "identities.pytest_plugin" in sys.modules and session.config.pluginmanager.has_plugin("proofsheet")
    print(f"PROBE collected: plugin={loaded} heavy={heavy}")


def pytest_sessionfinish(session):
    heavy = sorted(m for m in ("sympy", "mpmath", "flint", "jinja2") if m in sys.modules)
    print(f"\\nPROBE finished: heavy={heavy}")
"""


def test_nothing_heavy_is_imported_without_claim_files(pytester):
    pytester.makeconftest(PROBE)
    pytester.makepyfile(test_plain="def test_one():\n    assert True\n")
    result = pytester.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["PROBE collected: plugin=True heavy=[]", "PROBE finished: heavy=[]"])


def test_running_a_claim_loads_the_prover(pytester):
    pytester.makeconftest(PROBE)
    pytester.makefile(".claims.toml", one='[[claim]]\nid = "one"\nlhs = "1"\nrhs = "1"\n')
    result = pytester.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["PROBE collected: plugin=True heavy=['identities.claim']",
                                 "PROBE finished: heavy=['flint', 'mpmath', 'sympy']"])
