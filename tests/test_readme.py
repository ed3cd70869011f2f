"""The README's tours are what nasales prints: the `console` block under
`## A short tour` (English) and the one under `## Nederlands` (Dutch) are replayed, each on a
new database: every `$ nasales …` line is run and its whole output (standard output and
error, as a terminal shows a pipe's run) must be the lines below it; `$ export VAR=value`
sets the environment for the lines after it. Any drift of the output fails here."""

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nasales.cli import app

README = Path(__file__).resolve().parents[1] / "README.md"


def console_block(heading: str) -> str:
    """The first `console` block after `heading`."""
    text = README.read_text(encoding="utf-8")
    after = text.split(f"\n{heading}\n", 1)[1]
    return re.search(r"```console\n(.*?)```", after, re.S)[1]  # type: ignore[index]


def steps(block: str) -> list[tuple[str, str]]:
    """(command, its whole output) for every `$ ` line of a block."""
    found: list[tuple[str, str]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            found.append((line[2:], ""))
        else:
            command, output = found[-1]
            found[-1] = (command, output + line + "\n")
    return found


@pytest.mark.parametrize("heading", ["## A short tour", "## Nederlands"])
def test_a_readme_tour_replays_exactly(heading, isolated):
    runner = CliRunner()
    env: dict[str, str] = {}
    tour = steps(console_block(heading))
    assert len(tour) >= 8
    for command, expected in tour:
        words = shlex.split(command)
        if words[0] == "export":
            name, _, value = words[1].partition("=")
            env[name] = value
            assert expected == "", command
            continue
        assert words[0] == "nasales", command
        result = runner.invoke(app, words[1:], prog_name="nasales", env=env)
        assert result.output == expected, f"$ {command}"


# -- the walk-throughs of a real CRM export ---------------------------------------------------

DOCS = README.parent / "docs"


def console_blocks(path: Path, heading: str) -> list[str]:
    """Every `console` block of the section under `heading` (up to the next heading of its
    level or higher)."""
    level = heading.split(" ", 1)[0]
    after = path.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1]
    section = re.split(rf"\n#{{1,{len(level)}}} ", after, maxsplit=1)[0]
    return re.findall(r"```console\n(.*?)```", section, re.S)


def shown_as(expected: str, output: str) -> bool:
    """Whether `output` is what a block shows: its lines exactly, where a line `…` stands
    for any lines (the block shows the first lines, or the first and the last)."""
    if "…" not in expected.splitlines():
        return output == expected
    chunks = ("\n" + expected).split("\n…\n")
    head, tail = chunks[0][1:], chunks[-1]
    return output.startswith(head) and output.endswith(tail)


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        (README, "## From a CRM export to today's calls"),
        (DOCS / "import.md", "### Walk-through: a real CRM export"),
    ],
)
def test_the_crm_walk_through_replays(path, heading, isolated, monkeypatch):
    """Each `$ nasales …` of the walk-through (continued lines joined; `2> FILE` keeps only
    standard output), run from the repository on a new database, prints what it shows."""
    monkeypatch.chdir(README.parent)
    runner = CliRunner()
    walk = [step for block in console_blocks(path, heading) for step in steps(block)]
    assert len(walk) >= 2
    for command, expected in walk:
        lines = expected.split("\n")
        while command.endswith("\\"):  # continued: its next lines are in `expected`
            command = command[:-1] + lines.pop(0)
        words, expected = shlex.split(command), "\n".join(lines)
        errors_away = "2>" in words
        if errors_away:
            words = words[: words.index("2>")]
        assert words[0] == "nasales", command
        result = runner.invoke(app, words[1:], prog_name="nasales")
        output = result.stdout if errors_away else result.output
        assert shown_as(expected, output), f"$ {command}\n{output[:2000]}"
