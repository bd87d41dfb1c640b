"""The catalog covers the seed sheets: every exercise and display equation of each sheet maps to claims (or says
why it is not a claim), every source points to an exercise, every erratum has a proved corrected twin."""

import re

import pytest

from identities.check import CATALOG, claim_files
from identities.claimfile import load_claim_file
from identities.manifest import SEEDS, display_lines, load_manifests

SEED_NUMBERS = sorted(p.name[:3] for p in SEEDS.glob("*.txt"))
MANIFESTS = load_manifests()
CLAIMS = {c.id: c for path in claim_files([CATALOG]) for c in load_claim_file(path).claims}


def test_every_seed_sheet_has_a_manifest():
    assert sorted(MANIFESTS) == SEED_NUMBERS


def test_catalog_files_load_without_errors_or_warnings():
    for path in claim_files([CATALOG]):
        loaded = load_claim_file(path, strict=True)
        assert loaded.fatal is None and loaded.errors == [] and loaded.warnings == [], path


def test_claim_ids_are_unique_across_the_catalog():
    ids = [c.id for path in claim_files([CATALOG]) for c in load_claim_file(path).claims]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_every_display_equation_is_mapped(seed):
    manifest = MANIFESTS[seed]
    mapped = {q.line for q in manifest.equations}
    assert set(display_lines(manifest.text)) - mapped == set()
    assert mapped - set(display_lines(manifest.text)) == set()


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_every_exercise_heading_is_mapped(seed):
    manifest = MANIFESTS[seed]
    lines = manifest.text.splitlines()
    headings = {k for k, line in enumerate(lines, start=1) if re.search(manifest.exercise_pattern, line)}
    assert headings == {line for e in manifest.exercises for line in e.lines}
    for exercise in manifest.exercises:
        assert exercise.label in lines[exercise.line - 1] or exercise.title in lines[exercise.line - 1]


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_manifest_entries_name_catalog_claims_or_say_why_not(seed):
    manifest = MANIFESTS[seed]
    labels = {e.label for e in manifest.exercises}
    for equation in manifest.equations:
        assert equation.exercise in labels, equation
        assert bool(equation.claims) != bool(equation.not_a_claim), equation
        assert set(equation.claims) <= set(CLAIMS), set(equation.claims) - set(CLAIMS)
    for exercise in manifest.exercises:
        assert exercise.claims or exercise.answer is None, exercise
        assert set(exercise.claims) <= set(CLAIMS), set(exercise.claims) - set(CLAIMS)
        for claim_id in exercise.claims:
            sources = {s.split("#")[0] for s in CLAIMS[claim_id].sources}
            assert f"{seed}/{exercise.label}" in sources, (claim_id, exercise.label)


def test_every_source_points_to_an_exercise():
    for claim in CLAIMS.values():
        for source in claim.sources:
            seed, label = source.split("#")[0].split("/")
            assert MANIFESTS[seed].exercise(label) is not None, (claim.id, source)


def test_every_erratum_quotes_its_line_and_has_a_proved_twin():
    for claim in CLAIMS.values():
        if claim.expected is not False:
            continue
        assert claim.errata is not None and claim.sources, claim.id
        seed = claim.sources[0][:3]
        assert 1 <= claim.errata.line <= len(MANIFESTS[seed].text.splitlines())
        twin = CLAIMS.get(claim.errata.corrected)
        assert twin is not None and twin.expected is not False, claim.id
