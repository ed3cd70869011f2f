"""Any terminal width prints the list: a terminal that reports 0 columns
is one of unknown width; below MIN_WIDTH a table gives way to whole plain lines; a huge
COLUMNS never pads past the content; names and keys are never split or cut."""

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios

import pytest

import realproc as rp
from nasales.output import MIN_WIDTH

ON = "2026-11-27"
LONG = "Klein Installatietechniek Noord-Holland BV"
PERSON = "Anna-Maria van der Berg-Smit"


@pytest.fixture
def book(cli, isolated):
    cli("account add 'Bouw BV' --owner Eva")
    cli("contact add 'Bouw BV' 'Jan de Vries' --role buyer --phone '+31 6 1234 5678' --primary")
    cli("order won 'Bouw BV' 'Press line' --ref P-1 --value 185000 --on 2026-11-13")
    cli("log 'Bouw BV' call --on 2026-11-16")
    cli("hurdle add P-1 'Spindle two weeks late' --on 2026-11-25")
    cli(f"account add '{LONG}' --owner Eva")
    cli(f"contact add '{LONG}' '{PERSON}'")
    cli(f"order won '{LONG}' Pump --ref K-1 --on 2026-11-25")
    cli("account add Meijer --owner Eva")
    cli("order won Meijer Forklift --ref M-1 --on 2026-11-02")
    cli("done confirm:M-1 --on 2026-11-03 --next 'Second pump'")
    return isolated


WHOLE = ["Bouw BV", LONG, PERSON, "[hurdle:1]", "[agreement:P-1]"]


def _on_a_pty(db, args: list[str], rows: int = 0, cols: int = 0) -> tuple[int, str]:
    """`nasales ARGS` with its output on a terminal of rows x cols (0 x 0, as `script` and
    `docker exec -t` report it)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    env = {k: v for k, v in rp.env(db).items() if k not in ("COLUMNS", "LINES")}
    proc = subprocess.Popen(
        [sys.executable, "-m", "nasales", *args], stdout=slave, stderr=slave, env=env
    )
    os.close(slave)
    seen = b""
    while True:
        ready, _w, _x = select.select([master], [], [], 20)
        if not ready:
            break
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    return proc.wait(timeout=30), seen.decode(errors="replace")


@pytest.mark.parametrize(
    ("args", "title"),
    [
        (["today", "--on", ON], "Calls for 2026-11-27"),
        (["agenda", "--on", ON], "Agenda"),
        (["review", "--on", ON], "2026-11-27"),
        (["pipeline", "--on", ON], "Pipeline on 2026-11-27"),
    ],
)
def test_a_terminal_of_zero_columns_still_gets_the_list(book, args, title):
    code, seen = _on_a_pty(book, args)
    assert code == 0, seen
    assert title in seen
    if args[0] in ("today", "agenda"):
        assert all(name in seen for name in ("Bouw BV", LONG)), seen


@pytest.mark.parametrize("columns", ["1", "5", "20", str(MIN_WIDTH - 1)])
def test_below_the_minimum_a_table_gives_way_to_whole_lines(cli, book, columns):
    table = cli(["today", "--on", ON, "--format", "table"], env={"COLUMNS": columns}).stdout
    plain = cli(["today", "--on", ON, "--format", "plain"]).stdout
    assert table.splitlines()[1:] == plain.splitlines()  # the title, then one line per call
    assert "…" not in table
    for whole in WHOLE:
        assert whole in table
    review = cli(["review", "--on", ON, "--format", "table"], env={"COLUMNS": columns}).stdout
    assert review == cli(["review", "--on", ON, "--format", "plain"]).stdout
    pipeline = cli(["pipeline", "--on", ON, "--format", "table"], env={"COLUMNS": columns})
    assert "Second pump" in pipeline.stdout and "─" not in pipeline.stdout


@pytest.mark.parametrize("columns", [MIN_WIDTH, 50, 80, 109])
def test_a_narrow_table_never_cuts_a_name_or_a_key(cli, book, columns):
    out = cli(["today", "--on", ON, "--format", "table"], env={"COLUMNS": str(columns)}).stdout
    assert "…" not in out
    for whole in WHOLE:
        assert whole in out, (columns, whole, out)


def test_a_huge_width_never_pads_past_the_content(cli, book):
    huge = {"COLUMNS": "100000"}
    plain = cli(["today", "--on", ON, "--format", "plain"]).stdout
    longest = max(len(line) for line in plain.splitlines())
    for args in (["today"], ["agenda"], ["pipeline"], ["review"]):
        out = cli([*args, "--on", ON, "--format", "table"], env=huge).stdout
        assert len(out) < 20_000, (args, len(out))
        assert max(len(line) for line in out.splitlines()) <= max(longest, 200), args
    wrapped = cli(["today", "--on", ON, "--format", "plain"], env=huge).stdout
    assert wrapped == plain  # lines shorter than the width are left whole


@pytest.mark.parametrize("cols", [MIN_WIDTH, 80])
def test_show_on_a_terminal_fits_its_width(cli, book, cols):
    """`show` on a real terminal wraps its risk factors and order lines at the width, as the
    list does; piped, each line stays whole (one fact per line for grep)."""
    cli("account set 'Bouw BV' --notes 'Prefers calls after ten; the plant manager decides'")
    code, seen = _on_a_pty(book, ["show", "Bouw BV", "--on", ON], rows=50, cols=cols)
    assert code == 0, seen
    lines = seen.replace("\r\n", "\n").rstrip("\n").split("\n")
    assert max(len(line) for line in lines) <= cols, seen
    assert "+31 6 1234 5678" in seen and "€185,000" in seen  # phone and amount whole
    piped = cli(["show", "Bouw BV", "--on", ON], env={"COLUMNS": str(cols)}).stdout
    assert max(len(line) for line in piped.splitlines()) > cols  # nothing wrapped
    joined = [ln.strip() for ln in lines]
    for whole in piped.splitlines():  # every piped line is on the terminal, wrapped
        assert " ".join(whole.split()) in " ".join(joined), whole


def test_show_fits_the_width_unit():
    from nasales.output.account import fit

    page = ["Acme", "  +13 the call to confirm the choice of VD-2041 is not made (1 day late)"]
    assert fit(page, None) == page
    assert fit(page, 40) == [
        "Acme",
        "  +13 the call to confirm the choice of",
        "      VD-2041 is not made (1 day late)",
    ]
    assert fit(["  VD-1 · won · € 185.000"], 20) == ["  VD-1 · won ·", "      € 185.000"]
