"""The public audit corpus is well formed (issue 14): every document has its labels, every labelled relation stands
where its labels say, the holdout is the one the committed seed draws, and no document outweighs the others."""

import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import audit_corpus  # noqa: E402

LABELS = audit_corpus.load_labels()


def test_every_document_has_labels_and_every_labels_file_a_document():
    documents = {p.stem for p in (audit_corpus.CORPUS / "documents").iterdir()}
    assert documents == {label.id for label in LABELS}
    assert all(label.file.exists() for label in LABELS)


def test_the_corpus_is_as_large_and_as_varied_as_the_issue_asks():
    relations = sum(label.relations for label in LABELS)
    assert len(LABELS) >= 30 and relations >= 1000 and sum(len(label.errors) for label in LABELS) >= 30
    assert max(label.relations for label in LABELS) <= relations / 10
    assert len({label.meta["language"] for label in LABELS}) >= 3
    assert {label.meta["format"] for label in LABELS} == {"markdown", "latex"}


@pytest.mark.parametrize("label", LABELS, ids=[label.id for label in LABELS])
def test_every_labelled_relation_stands_at_its_line(label):
    lines = label.file.read_text(encoding="utf-8").split("\n")
    for entry in label.errors + label.traps:
        span = "\n".join(lines[max(entry["line"] - 6, 0):entry["line"] + 2 + entry["relation"].count("\n")])
        squeeze = audit_corpus._normal
        assert squeeze(entry["relation"]) in squeeze(span), (entry["line"], entry["relation"])


def test_the_holdout_is_the_third_the_committed_seed_draws():
    holdout = tomllib.loads(audit_corpus.HOLDOUT.read_text(encoding="utf-8"))["holdout"]
    assert holdout == audit_corpus.split(LABELS)
