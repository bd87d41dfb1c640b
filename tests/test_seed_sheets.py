"""The five worked seed sheets: they follow their manifests, show every catalog claim of their seed, show every
erratum beside its corrected twin, check without a problem, and regenerate `output/` byte for byte; their PDFs
hold every exercise heading and every erratum's counterexample, without overfull boxes."""

import re
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from derivations.checking import check_sheets, claims_for
from derivations.sheet import SHEETS, load_sheet
from identities.manifest import SEEDS, load_manifests
from render.document import value_latex
from render.output import build_pdf
from render.sheets import render_text

OUTPUT = Path(__file__).resolve().parent.parent / "output"
SEED_NUMBERS = sorted(p.name[:3] for p in SEEDS.glob("*.txt"))
MANIFESTS = load_manifests()
PATHS = {seed: sorted(SHEETS.glob(f"{seed}-*.toml")) for seed in SEED_NUMBERS}


def _sheet(seed):
    (path,) = PATHS[seed]
    return load_sheet(path)


def _of_seed(claim, seed):
    return [s.split("/", 1)[1].split("#")[0] for s in claim.sources if s.startswith(f"{seed}/")]


def test_each_seed_has_exactly_one_sheet():
    assert {seed: len(paths) for seed, paths in PATHS.items()} == dict.fromkeys(SEED_NUMBERS, 1)


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_the_exercises_are_the_manifests_in_its_order(seed):
    sheet = _sheet(seed)
    assert sheet.number == seed
    assert [e.label for e in sheet.exercises] == [e.label for e in MANIFESTS[seed].exercises]


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_every_catalog_claim_of_the_seed_is_shown_in_an_exercise_it_comes_from(seed):
    sheet = _sheet(seed)
    shown: dict[str, set[str]] = {}
    for exercise in sheet.exercises:
        ids = [*exercise.claims, *(d.claim for d in exercise.derivations), *(e.claim for e in exercise.errata)]
        for claim_id in ids:
            shown.setdefault(claim_id, set()).add(exercise.label)
    table = claims_for([sheet])
    missing = {c.id: _of_seed(c, seed) for c in table.values() if _of_seed(c, seed) and c.id not in shown}
    assert missing == {}
    elsewhere = {i: (sorted(labels), _of_seed(table[i], seed)) for i, labels in shown.items()
                 if _of_seed(table[i], seed) and not labels & set(_of_seed(table[i], seed))}
    assert elsewhere == {}


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_every_erratum_of_the_seed_is_shown_with_its_corrected_twin_in_the_same_exercise(seed):
    sheet = _sheet(seed)
    table = claims_for([sheet])
    errata = {c.id for c in table.values() if c.errata and _of_seed(c, seed)}
    shown = {e.claim: exercise for exercise in sheet.exercises for e in exercise.errata}
    assert set(shown) == errata
    for claim_id, exercise in shown.items():
        twin = table[claim_id].errata.corrected
        assert twin in [*exercise.claims, *(d.claim for d in exercise.derivations)], (claim_id, twin)


@pytest.fixture(scope="module")
def checked():
    """Each seed sheet checked once per test process."""
    done = {}

    def get(seed):
        if seed not in done:
            (done[seed],) = check_sheets([_sheet(seed)], jobs=1, timeout=60)
        return done[seed]

    return get


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_the_sheet_checks_and_regenerates_its_output_byte_for_byte(seed, checked):
    result = checked(seed)
    assert result.problems == []
    target = OUTPUT / f"{result.sheet.name}.tex"
    assert render_text(result, "full").encode("utf-8") == target.read_bytes(), f"run `proofsheet render` ({target})"
    assert target.with_suffix(".pdf").exists()


def _pdf_text(tex: Path, tmp_path: Path) -> tuple[str, str]:
    copy = tmp_path / tex.name
    shutil.copyfile(tex, copy)
    pdf = build_pdf(copy)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    log = (tmp_path / ".build" / copy.stem / f"{copy.stem}.log").read_text(errors="replace")
    return text, log


@pytest.mark.parametrize("seed", SEED_NUMBERS)
def test_the_pdf_shows_every_heading_and_counterexample_without_overfull_boxes(seed, checked, tmp_path, tex_installed):
    result = checked(seed)
    text, log = _pdf_text(OUTPUT / f"{result.sheet.name}.tex", tmp_path)
    flat = re.sub(r"\s+", " ", text).replace("−", "-")
    for exercise in result.sheet.exercises:
        assert f"Exercise {exercise.label}" in flat
    for exercise in result.exercises:
        for erratum in exercise.errata:
            assert f"line {erratum.claim.errata.line} of the original sheet" in flat
            proof = erratum.proof
            for name in proof.counterexample or {}:
                symbol = re.escape(name.split("[")[0])
                assert re.search(rf"This is false: at .*{symbol}", flat), (erratum.claim.id, name)
            for side in (proof.values or {}).values():
                shown = value_latex(side)
                if shown.startswith(r"\approx "):
                    assert f"≈ {shown.removeprefix(chr(92) + 'approx ')}" in flat, (erratum.claim.id, side)
    assert "Overfull" not in log


def test_breaking_a_middle_step_of_a_seed_derivation_is_an_error_naming_the_sheet_exercise_and_step():
    sheet = _sheet("004")
    exercise = next(e for e in sheet.exercises if e.label == "1a")
    derivation = next(d for d in exercise.derivations if d.claim == "sigmoid-neg-eq-one-sub")
    links = list(derivation.links)
    assert links[1].expr == "exp(-v)/(exp(-v) + 1)" and len(links) == 4
    links[1] = replace(links[1], expr="exp(-v)/(exp(-v) - 1)")
    broken = replace(exercise, claims=(), derivations=(replace(derivation, links=tuple(links)),))
    (result,) = check_sheets([replace(sheet, exercises=[broken])], jobs=1, timeout=60)
    where = "004-com526000-deep-learning-assignment-1: exercise 1a: derivation of sigmoid-neg-eq-one-sub"
    assert result.problems == [
        f"{where}: step 2 (1/(1 + exp(v)) == exp(-v)/(exp(-v) - 1)) is refuted: fails at v = 1: "
        "lhs = 0.2689414213699951208, rhs = -0.581976706869326424 (|lhs - rhs| = 0.851, by Arb balls at 64 bits)",
        f"{where}: step 3 (exp(-v)/(exp(-v) - 1) == (1 + exp(-v))/(1 + exp(-v)) - 1/(1 + exp(-v))) is refuted: "
        "fails at v = 1: lhs = -0.581976706869326424, rhs = 0.268941421369995121 (|lhs - rhs| = 0.851, by Arb balls "
        "at 64 bits)",
    ]
