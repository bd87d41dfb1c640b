"""Golden LaTeX: the vocabulary's notation and one erratum box, fixed byte for byte.

The golden files were reviewed by hand (each line read as mathematics); a change of notation must change them
on purpose. `tests/golden/vocabulary.tsv` holds `expression<TAB>LaTeX`, parsed with vectors u, v, p, y of size n,
a matrix W and integers i, k, m.
"""

from pathlib import Path

from identities.declarations import Scope
from identities.expression import ExpressionParser
from identities.latex import latex

GOLDEN = Path(__file__).parent / "golden"
SCOPE = {"v": "vector(n)", "u": "vector(n)", "W": "matrix(m, n)", "i": "integer", "k": "integer",
         "m": "integer positive", "n": "integer positive"}


def _rows(name: str) -> list[tuple[str, str]]:
    lines = (GOLDEN / name).read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line and not line.startswith("#")]


def test_the_vocabulary_prints_as_the_golden_file_says():
    parser = ExpressionParser(Scope.from_table(SCOPE))
    rows = _rows("vocabulary.tsv")
    assert len(rows) >= 40
    printed = [(expression, latex(parser.parse(expression))) for expression, _ in rows]
    assert printed == rows
