"""`proofsheet shell`: the real console driven through standard input and through a pseudo-terminal, under
IPython (installed with the test extra) and under the standard console (`--plain`, or IPython missing)."""

from __future__ import annotations

import os
import pty
import re
import select
import subprocess
import sys
import time
from pathlib import Path

import pytest

from derivations.interactive import SYMBOLS, namespace

PROVE = "prove(Eq(tanh(x), 2*sigmoid(2*x) - 1))"
READABLE_PROOF = [
    r"claim interactive: tanh\(x\) == 2\*sigmoid\(2\*x\) - 1   for x real",
    r"verdict: proved \(rewrite\)",
    r"steps:",
    r"     tanh\(x\) - \(2\*sigmoid\(2\*x\) - 1\) +\[lhs - rhs\]",
    r"  == tanh\(x\) \+ 1 - 2/\(1 \+ exp\(-2\*x\)\) +\[definition of sigmoid\]",
    r"  == 0 +\[a/b \+ c/d = \(ad \+ bc\)/\(bd\)\]",
    r"post-check: 20 points at \d+ digits, largest \|lhs - rhs\| = .*",
    r"time: \d+\.\d\d s",
]
BANNER = ["proofsheet 0.1.0: a SymPy session with the machine-learning vocabulary.",
          "Preloaded: the real symbols x y z t a b v w; the vocabulary sigmoid softplus relu"]
ANSI = re.compile(rb"\x1b(\[[0-9;?]*[A-Za-z]|\][^\x07]*\x07|[()][A-Z0-9])")
WITHOUT_IPYTHON = "import sys; sys.modules['IPython'] = None; from render.cli import main; sys.exit(main(['shell']))"


def shell_command(*options: str) -> list[str]:
    return [sys.executable, "-c", f"from render.cli import main; import sys; sys.exit(main(['shell', *{options!r}]))"]


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    """No user configuration or history leaks in or out; colours off where a program honours NO_COLOR."""
    return dict(os.environ, IPYTHONDIR=str(tmp_path / "ipython"), NO_COLOR="1", TERM="xterm", COLUMNS="200",
                LINES="50", PYTHONSTARTUP="")


def lines_in_order(text: str, patterns: list[str]) -> None:
    """Each pattern matches a whole line, in this order (other lines may come between)."""
    lines = [line.rstrip() for line in text.splitlines()]
    position = 0
    for pattern in patterns:
        for k in range(position, len(lines)):
            if re.fullmatch(pattern, lines[k]):
                position = k + 1
                break
        else:
            raise AssertionError(f"no line matching {pattern!r} after line {position} in:\n{text}")


def through_stdin(command: list[str], source: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(command, input=source, capture_output=True, text=True, env=environment, timeout=240,
                          cwd=Path(__file__).parent.parent)


def test_namespace_preloads_the_vocabulary_real_symbols_and_the_session_functions():
    names = namespace()
    for name in SYMBOLS.split():
        assert names[name].is_real is True and names[name].name == name
    assert {"prove", "derive", "show", "sigmoid", "softplus", "logsumexp", "Eq", "diff", "sp"} <= set(names)
    assert names["sigmoid"](names["x"]).func.__name__ == "sigmoid"


def test_standard_console_through_stdin(environment):
    source = (f'{PROVE}\nsigmoid(-x)\nx.is_real\nshow("sigmoid-neg-eq-one-sub")\n'
              'Claim(id="c", lhs="relu(v)", rhs="0", relation=">=", symbols={"v": "real"})\n')
    result = through_stdin(shell_command("--plain"), source, environment)
    assert result.returncode == 0, result.stderr
    lines_in_order(result.stderr, [re.escape(line) + ".*" for line in BANNER] + [r"\(standard Python console\)"])
    lines_in_order(result.stdout, [">>> " + READABLE_PROOF[0], *READABLE_PROOF[1:], r">>> sigmoid\(-x\)",
                                   r">>> True",
                                   r">>> claim sigmoid-neg-eq-one-sub: sigmoid\(-v\) == 1 - sigmoid\(v\)   for v real",
                                   r"verdict: proved \(rewrite\)", r">>> c: relu\(v\) >= 0   for v real", r">>>"])


def test_standard_console_when_ipython_is_not_installed(environment):
    result = through_stdin([sys.executable, "-c", WITHOUT_IPYTHON], f"{PROVE}\n", environment)
    assert result.returncode == 0, result.stderr
    assert "(standard Python console)" in result.stderr
    lines_in_order(result.stdout, [">>> " + READABLE_PROOF[0], *READABLE_PROOF[1:]])


def test_ipython_through_stdin(environment):
    source = f'{PROVE}\nderive(sigmoid(-x), (1/(1 + exp(x)), "definition"), (1 - sigmoid(x), "algebra"))\n'
    result = through_stdin(shell_command(), source, environment)
    assert result.returncode == 0, result.stderr
    assert "(standard Python console)" not in result.stdout + result.stderr
    lines_in_order(result.stdout, [re.escape(line) + ".*" for line in BANNER] + [r"In \[1\]: Out\[1\]:",
                   *READABLE_PROOF, r"In \[2\]: Out\[2\]:", r"sigmoid\(-x\)",
                   r"  == 1/\(exp\(x\) \+ 1\)   \[definition\] ✓", r"  == 1 - sigmoid\(x\)   \[algebra\] ✓"])


class Terminal:
    """A program on a pseudo-terminal: what it writes is collected (ANSI escapes removed), keys are typed, and
    cursor-position requests are answered as a terminal would."""

    def __init__(self, command: list[str], environment: dict[str, str]) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=slave, env=environment,
                                        close_fds=True, cwd=Path(__file__).parent.parent)
        os.close(slave)
        self.raw = b""

    @property
    def text(self) -> str:
        return ANSI.sub(b"", self.raw).replace(b"\r", b"").decode("utf-8", "replace")

    def expect(self, pattern: str, seconds: float = 180.0) -> None:
        end = time.monotonic() + seconds
        while not re.search(pattern, self.text):
            if time.monotonic() > end:
                raise AssertionError(f"no {pattern!r} within {seconds} s in:\n{self.text}")
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 65536)
            except OSError:  # the program closed the terminal
                chunk = b""
            if not chunk:
                raise AssertionError(f"the program ended before {pattern!r}:\n{self.text}")
            if b"\x1b[6n" in chunk:
                os.write(self.master, b"\x1b[1;1R")
            self.raw += chunk

    def type(self, line: str) -> None:
        os.write(self.master, line.encode() + b"\r")

    def close(self) -> int:
        try:
            return self.process.wait(timeout=60)
        finally:
            os.close(self.master)


@pytest.mark.parametrize("options, prompt", [(("--plain",), r">>> "), ((), r"In \[1\]: ")], ids=["plain", "ipython"])
def test_console_through_a_pseudo_terminal(options, prompt, environment):
    terminal = Terminal(shell_command(*options), environment)
    terminal.expect(prompt)
    lines_in_order(terminal.text, [re.escape(line) + ".*" for line in BANNER])
    terminal.type(PROVE)
    terminal.expect(r"time: \d+\.\d\d s")
    lines_in_order(terminal.text, [".*" + re.escape(PROVE), *READABLE_PROOF])
    terminal.type("exit()")
    assert terminal.close() == 0
