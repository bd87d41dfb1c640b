"""The public audit corpus is well formed (issue 14): every document has its labels, every labelled relation stands
where its labels say, the holdout is the one the committed seed draws, and no document outweighs the others."""

import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import audit_corpus  # noqa: E402

LABELS = audit_corpus.load_labels()
FRESH = audit_corpus.load_labels(audit_corpus.FRESH)
"""The fresh set: the next holdout, picked and labelled by the same rules after the first was spent."""


@pytest.mark.parametrize(("corpus", "labels"), [(audit_corpus.CORPUS, LABELS), (audit_corpus.FRESH, FRESH)],
                         ids=["corpus", "fresh"])
def test_every_document_has_labels_and_every_labels_file_a_document(corpus, labels):
    documents = {p.stem for p in (corpus / "documents").iterdir()}
    assert documents == {label.id for label in labels}
    assert all(label.file.exists() for label in labels)


def test_the_fresh_set_is_new_material_of_the_same_kind():
    taken = {label.meta["repo"].lower() for label in LABELS}
    assert not {label.meta["repo"].lower() for label in FRESH} & taken
    assert not {label.id for label in FRESH} & {label.id for label in LABELS}
    assert len(FRESH) >= 14 and sum(label.relations for label in FRESH) >= 500
    assert max(label.relations for label in FRESH) <= 100
    assert len({label.meta["language"] for label in FRESH}) >= 3


def test_the_corpus_is_as_large_and_as_varied_as_the_issue_asks():
    relations = sum(label.relations for label in LABELS)
    assert len(LABELS) >= 30 and relations >= 1000 and sum(len(label.errors) for label in LABELS) >= 30
    assert max(label.relations for label in LABELS) <= relations / 10
    assert len({label.meta["language"] for label in LABELS}) >= 3
    assert {label.meta["format"] for label in LABELS} == {"markdown", "latex"}


@pytest.mark.parametrize("label", LABELS + FRESH, ids=[label.id for label in LABELS + FRESH])
def test_every_labelled_relation_stands_at_its_line(label):
    lines = [line.lstrip("> ") for line in label.file.read_text(encoding="utf-8").split("\n")]  # blockquotes
    def squeeze(latex: str) -> str:
        return audit_corpus._normal(latex.replace("\\\\", " "))  # row breaks too

    for entry in label.errors + label.traps:
        span = squeeze("\n".join(lines[max(entry["line"] - 12, 0):entry["line"] + 12]))
        # each term stands there: a link of a chain may have its left side lines above, and a long term may be
        # abbreviated with "..." in the label
        terms = [t for t in re.split(r"=|:=|\\approx|\\le(?:q)?|\\ge(?:q)?|\.\.\.", squeeze(entry["relation"])) if t]
        assert all(term in span for term in terms), (entry["line"], entry["relation"])


def test_the_holdout_is_the_third_the_committed_seed_draws():
    holdout = tomllib.loads(audit_corpus.HOLDOUT.read_text(encoding="utf-8"))["holdout"]
    assert holdout == audit_corpus.split(LABELS)
