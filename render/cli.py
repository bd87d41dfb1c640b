"""The `proofsheet` command: a thin shell over the library

`main(argv) -> int` parses arguments, calls the library and prints; it returns the exit status (DESIGN.md):
0 all verdicts as expected, 1 a verdict differs from its expectation, 2 usage or input error, 3 internal error.

Main definitions
- `main(argv)`: the command.
- `entrypoint()`: the console script.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from typing import TextIO

from tqdm import tqdm

from identities.cache import ProofCache, default_cache
from identities.check import (
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_MISMATCH,
    EXIT_OK,
    CheckInterrupted,
    Report,
    check,
    claim_files,
    load,
    proof_json,
    prove_claims,
)
from identities.claim import Claim, Proof
from identities.display import diagnostic_lines, proof_text, result_line
from identities.errors import ClaimError
from identities.workers import cpu_count


class Progress:
    """Progress on a terminal (stderr), drawn by tqdm: proofs done of the total (when known), the file of the last
    one, the elapsed time and the rate. Nothing at all when stderr is not a terminal or when the output is JSON."""

    def __init__(self, total: int | None, stream: TextIO, enabled: bool = True) -> None:
        active = enabled and stream.isatty() and total != 0
        self.bar = tqdm(total=total, file=stream, unit="proof", leave=False, dynamic_ncols=True, disable=not active)

    def __call__(self, proof: Proof) -> None:
        where = proof.claim.file.rsplit("/", 1)[-1] if proof.claim.file else proof.claim.id
        self.bar.set_postfix_str(where[:40], refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        self.bar.close()


def _store_options(parser: argparse.ArgumentParser) -> None:
    store = parser.add_mutually_exclusive_group()
    store.add_argument("--no-cache", action="store_true",
                       help="neither reuse nor store proofs (the proof store is on by default; PROOFSHEET_CACHE=0 "
                            "turns it off too)")
    store.add_argument("--cache", action="store_true", help="use the proof store even if PROOFSHEET_CACHE=0")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="proofsheet", description="Prove or refute the identities of ML "
                                     "exercise sheets and render checked solution sheets.")
    sub = parser.add_subparsers(dest="command", required=True)

    c = sub.add_parser("check", help="prove or refute every claim of claim files (default: the catalog)")
    c.add_argument("paths", nargs="*", help="claim files or directories (*.claims.toml)")
    c.add_argument("--json", action="store_true", help="print the machine-readable report")
    c.add_argument("--jobs", type=int, default=cpu_count(), help="worker processes (default: CPU count)")
    c.add_argument("--timeout", type=float, default=20.0, help="seconds per claim (default 20)")
    c.add_argument("--id", action="append", default=[], dest="ids", help="check only this claim id (repeatable)")
    c.add_argument("--strict", action="store_true", help="unknown keys are errors, not warnings")
    c.add_argument("-v", "--verbose", action="store_true",
                   help="also list the strategies that raised while a claim was tried (its diagnostics)")

    p = sub.add_parser("prove", help="prove one claim given on the command line")
    p.add_argument("lhs")
    p.add_argument("rhs")
    p.add_argument("--relation", default="==", choices=["==", "<", "<=", ">", ">=", "O"])
    p.add_argument("--symbols", nargs="*", default=[], metavar="NAME=DECL",
                   help='declarations such as x=real n="integer positive" W="matrix(2, 3)"')
    p.add_argument("--assume", action="append", default=[], help="a hypothesis such as '0 < a' (repeatable)")
    p.add_argument("--at", help="for --relation O: 'h -> 0'")
    p.add_argument("--convention", action="append", default=[], metavar="NAME=VALUE",
                   help="a kink convention such as relu_prime_at_0=0 (repeatable)")
    p.add_argument("--timeout", type=float, default=20.0)
    p.add_argument("--json", action="store_true")

    s = sub.add_parser("show", help="a catalog claim with its proof")
    s.add_argument("id")
    s.add_argument("--timeout", type=float, default=20.0)
    s.add_argument("--json", action="store_true")

    r = sub.add_parser("render", help="check solution sheets and write output/NNN-slug.tex (and .pdf)")
    r.add_argument("sheets", nargs="*", help="sheet files (default: every sheet of derivations/sheets/)")
    r.add_argument("--pdf", action="store_true", help="also build the PDF with latexmk")
    r.add_argument("--draft", action="store_true",
                   help="also write each sheet that has problems, every failing step marked, under output/draft/")
    mode = r.add_mutually_exclusive_group()
    mode.add_argument("--fragment", action="store_true", help="a body to \\input into a course's own document")
    mode.add_argument("--exercises-only", action="store_true", help="the sheet without its solutions")
    r.add_argument("--output", default=None, help="directory to write to (default: the project's output/)")
    r.add_argument("--jobs", type=int, default=cpu_count())
    r.add_argument("--timeout", type=float, default=20.0)

    a = sub.add_parser("audit", help="check an existing .md/.txt/.tex solution sheet link by link")
    a.add_argument("file", help="the sheet (.md and .txt are read as Markdown, .tex as LaTeX)")
    a.add_argument("--notation", help="a TOML file mapping the sheet's names to vocabulary names, and domains")
    a.add_argument("--json", action="store_true", help='print {"links": [...], "summary": {...}}')
    a.add_argument("--tex", help="write the annotated LaTeX of the sheet's links to this file")
    a.add_argument("--pdf", action="store_true", help="also build the PDF of --tex with latexmk")
    a.add_argument("--jobs", type=int, default=cpu_count())
    a.add_argument("--timeout", type=float, default=20.0, help="seconds per link (default 20)")

    sh = sub.add_parser("shell", help="an interactive SymPy session with the vocabulary, prove, derive and show")
    sh.add_argument("--plain", action="store_true", help="the standard Python console even if IPython is installed")

    lst = sub.add_parser("list", help="sheets → exercises → claims, with verdicts")
    lst.add_argument("paths", nargs="*", help="claim files or directories (default: the catalog)")
    lst.add_argument("--jobs", type=int, default=cpu_count())
    lst.add_argument("--timeout", type=float, default=20.0)
    for proving in (c, p, s, r, a, lst):
        _store_options(proving)
    return parser


def _pairs(items: Sequence[str], what: str) -> dict[str, str]:
    out = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ClaimError(f"{what} {item!r}: write NAME=VALUE")
        out[name.strip()] = value.strip()
    return out


def _print_report(report: Report, out: TextIO, err: TextIO, verbose: bool = False) -> None:
    for warning in report.warnings:
        print(f"warning: {warning}", file=err)
    for fatal in report.fatal:
        print(f"{fatal}", file=out)
    for proof in report.proofs:
        print(result_line(proof), file=out)
        for line in diagnostic_lines(proof) if verbose else ():
            print(line, file=out)
    s = report.summary()
    print(f"{s['total']} claims: {s['proved']} proved, {s['refuted']} refuted, {s['unproved']} unproved, "
          f"{s['timeout']} timeout, {s['error']} error; {s['mismatches']} differ from their expectation",
          file=out)


def _check(args, out: TextIO, err: TextIO) -> int:
    items, _ = load(args.paths, args.ids, args.strict)
    progress = Progress(len(items), err, enabled=not args.json)
    try:
        report = check(args.paths, jobs=args.jobs, timeout=args.timeout, ids=args.ids, strict=args.strict,
                       on_result=progress, cache=_cache(args))
    except CheckInterrupted as stop:
        progress.close()
        _print_partial(stop.report, args.json, out, err)
        return EXIT_INTERRUPTED
    finally:
        progress.close()
    if args.ids and not report.proofs and not report.fatal:
        print(f"no claim with id {', '.join(args.ids)}", file=err)
        return EXIT_INPUT
    if args.json:
        json.dump(report.to_json(), out, indent=2, sort_keys=False)
        out.write("\n")
    else:
        _print_report(report, out, err, verbose=args.verbose)
    return report.exit_status()


def _print_partial(report: Report, as_json: bool, out: TextIO, err: TextIO) -> None:
    """The claims decided before Ctrl-C, then what was left unchecked (the workers are already stopped)."""
    if as_json:
        json.dump(report.to_json(), out, indent=2, sort_keys=False)
        out.write("\n")
    else:
        _print_report(report, out, err)
    print(f"interrupted: {report.unchecked} claims not checked; the report above is partial", file=err)


def _cache(args) -> ProofCache | None:
    """The proof store (on by default), unless `--no-cache`; `--cache` turns it on where the environment
    turned it off. One store per command, so that what it ignored is reported once at the end."""
    if "store" not in vars(args):
        store = None if getattr(args, "no_cache", False) else default_cache() or (
            ProofCache() if getattr(args, "cache", False) else None)
        if store is not None:
            store.prune()
        args.store = store
    return args.store


def _report_store(args, err: TextIO) -> None:
    """Entries of the store that were found but not trusted (corrupt, foreign, of another format)."""
    store = vars(args).get("store")
    if store is not None and store.ignored:
        path, reason = store.ignored[0]
        print(f"proof store: ignored {len(store.ignored)} entries that could not be trusted (proved again); "
              f"first: {path}: {reason}", file=err)


def _emit(proof: Proof, as_json: bool, out: TextIO) -> int:
    if as_json:
        json.dump(proof_json(proof), out, indent=2)
        out.write("\n")
    else:
        print(proof_text(proof), file=out)
    return Report(proofs=[proof]).exit_status()


def _prove(args, out: TextIO, err: TextIO) -> int:
    claim = Claim(id="command-line", lhs=args.lhs, rhs=args.rhs, relation=args.relation,
                  symbols=_pairs(args.symbols, "symbol"), assume=tuple(args.assume), at=args.at,
                  conventions=_pairs(args.convention, "convention"))
    return _emit(prove_claims([claim], timeout=args.timeout, cache=_cache(args))[0], args.json, out)


def _show(args, out: TextIO, err: TextIO) -> int:
    items, _ = load([], [args.id])
    claims = [c for c in items if isinstance(c, Claim)]
    if not claims:
        print(f"no catalog claim with id {args.id!r} (see `proofsheet list`)", file=err)
        return EXIT_INPUT
    claim = claims[0]
    if not args.json:
        print(f"{claim.location}: {claim.title}", file=out)
        if claim.sources:
            print(f"sources: {', '.join(claim.sources)}", file=out)
        if claim.latex:
            print(f"as the sheet writes it: {claim.latex}", file=out)
    return _emit(prove_claims([claim], timeout=args.timeout, cache=_cache(args))[0], args.json, out)


def _list(args, out: TextIO, err: TextIO) -> int:
    items, _ = load(args.paths)
    progress = Progress(len(items), err)
    try:
        report = check(args.paths, jobs=args.jobs, timeout=args.timeout, on_result=progress, cache=_cache(args))
    finally:
        progress.close()
    tree: dict[str, dict[str, list[Proof]]] = {}
    for proof in report.proofs:
        for source in proof.claim.sources or ("(no sheet)/-",):
            sheet, _, label = source.partition("/")
            tree.setdefault(sheet, {}).setdefault(label.split("#")[0], []).append(proof)
    for sheet in sorted(tree):
        print(f"sheet {sheet}", file=out)
        for label in sorted(tree[sheet], key=_label_key):
            print(f"  {label}", file=out)
            for proof in tree[sheet][label]:
                mark = "" if proof.matches_expectation else f"  [expected {proof.claim.expected_verdict.value}]"
                print(f"    {proof.verdict.value:<9} {proof.claim.id}{mark}", file=out)
    for fatal in report.fatal:
        print(str(fatal), file=out)
    return report.exit_status()


def _render(args, out: TextIO, err: TextIO) -> int:
    from pathlib import Path

    from identities.errors import RenderError
    from render.sheets import OUTPUT, render_sheets, summary

    mode = "fragment" if args.fragment else "exercises" if args.exercises_only else "full"
    output = Path(args.output) if args.output else OUTPUT
    progress = Progress(None, err)
    try:
        result = render_sheets(args.sheets, output=output, mode=mode, pdf=args.pdf, jobs=args.jobs,
                               timeout=args.timeout, cache=_cache(args), draft=args.draft, on_result=progress)
    except RenderError as failure:
        print(f"error: {failure}", file=err)
        return EXIT_INTERNAL
    finally:
        progress.close()
    for checked in result.checked:
        if checked.ok:
            print(summary(checked), file=out)
    for path in result.written:
        print(f"wrote {path}", file=out)
    if result.pdf_missing:
        print(f"note: the .tex files are written but no PDF: {result.pdf_missing}", file=err)
    for problem in result.problems:
        print(f"problem: {problem}", file=out)
    return EXIT_MISMATCH if result.problems else EXIT_OK


BANNER = """proofsheet {version}: a SymPy session with the machine-learning vocabulary.
  prove(Eq(tanh(x), 2*sigmoid(2*x) - 1))   prove or refute a claim (a bounded worker, a readable proof)
  derive(start, (expr, "why"), ...)         check a chain link by link
  show("sigmoid-neg-eq-one-sub")            a catalog claim with its proof
Preloaded: the real symbols x y z t a b v w; the vocabulary {vocabulary};
SymPy's Eq Le Lt Ge Gt exp log sqrt tanh erf Abs Max Min diff limit integrate series Sum Matrix oo pi E ... (all of
SymPy as sp); prove, derive, show, Claim.
"""


class _TextPrinter:
    """The part of IPython's pretty printer that proofsheet's `_repr_pretty_` methods use."""

    def __init__(self) -> None:
        self.parts: list[str] = []

    def text(self, s: str) -> None:
        self.parts.append(s)


def _display_hook(value: object) -> None:
    """The plain console's display: a claim, proof or chain prints as IPython shows it (its `_repr_pretty_`),
    anything else as usual."""
    import builtins

    if value is None:
        return
    builtins._ = value
    if hasattr(value, "_repr_pretty_") and not isinstance(value, type):
        printer = _TextPrinter()
        value._repr_pretty_(printer, False)
        print("".join(printer.parts))
    else:
        print(repr(value))


def _shell(args, out: TextIO, err: TextIO) -> int:
    from derivations.interactive import namespace
    from identities.check import VERSION
    from identities.vocabulary import VOCABULARY

    names = namespace()
    banner = BANNER.format(version=VERSION, vocabulary=" ".join(VOCABULARY))
    if not args.plain:
        try:
            import IPython
            from traitlets.config import Config
        except ImportError:
            pass
        else:
            config = Config()
            config.TerminalInteractiveShell.banner1 = banner
            config.TerminalInteractiveShell.confirm_exit = False
            IPython.start_ipython(argv=[], user_ns=names, config=config)
            return EXIT_OK
    import code

    previous = sys.displayhook
    sys.displayhook = _display_hook
    try:
        code.interact(banner=banner + "(standard Python console)", local=names, exitmsg="")
    finally:
        sys.displayhook = previous
    return EXIT_OK


def _label_key(label: str) -> list:
    import re

    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", label)]


def _audit(args, out: TextIO, err: TextIO) -> int:
    from derivations.audit import audit_file, load_notation, report_text

    notation = load_notation(args.notation) if args.notation else None
    progress = Progress(None, err, enabled=not args.json)
    try:
        report = audit_file(args.file, notation, jobs=args.jobs, timeout=args.timeout, cache=_cache(args),
                            on_result=progress)
    except OSError as error:
        print(f"error: {args.file}: {error.strerror or error}", file=err)
        return EXIT_INPUT
    finally:
        progress.close()
    if args.tex:
        from .audit import write_audit

        write_audit(report, args.tex, pdf=args.pdf)
    if args.json:
        out.write(json.dumps(report.to_json(), indent=2, ensure_ascii=False) + "\n")
    else:
        out.write(report_text(report))
    return report.exit_status()


COMMANDS = {"audit": _audit, "check": _check, "prove": _prove, "show": _show, "list": _list, "render": _render,
            "shell": _shell}


def main(argv: Sequence[str] | None = None, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run the command line `argv`; return the exit status."""
    out, err = out or sys.stdout, err or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exit_:
        return EXIT_OK if exit_.code == 0 else EXIT_INPUT
    try:
        status = COMMANDS[args.command](args, out, err)
        _report_store(args, err)
        return status
    except ClaimError as error:
        print(f"error: {error}", file=err)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("interrupted", file=err)
        return EXIT_INTERRUPTED
    except Exception as error:
        print(f"internal error: {type(error).__name__}: {error}", file=err)
        return EXIT_INTERNAL


def entrypoint() -> None:
    sys.exit(main(sys.argv[1:]))


__all__ = ["claim_files", "entrypoint", "main"]
