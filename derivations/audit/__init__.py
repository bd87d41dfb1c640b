"""`proofsheet audit`: check an existing LaTeX or Markdown solution sheet, link by link

Main definitions
- `audit`, `audit_file`, `AuditReport`, `LinkResult`, `report_text`: see `derivations.audit.audit`
- `build_links`, `Link`, `Definition`: see `derivations.audit.links`
- `load_notation`, `Notation`: see `derivations.audit.notation`

Where to look: the walk `links.py` (its parts `definitions.py`, `readings.py`, `claims.py`), what a document says of
its names `facts.py`, what each caveat allows `caveats.py`, why a link is not read `reasons.py`, decimals
`rounding.py`, function words `words.py`, the LaTeX reader `reader.py` with `grammar.lark` and `translate.py`.
"""

from .audit import STATUSES, AuditReport, LinkResult, audit, audit_file, kind_of, report_text
from .links import Definition, Link, build_links
from .notation import Notation, NotationError, load_notation, parse_notation

__all__ = ["STATUSES", "AuditReport", "Definition", "Link", "LinkResult", "Notation", "NotationError", "audit",
           "audit_file", "build_links", "kind_of", "load_notation", "parse_notation", "report_text"]
