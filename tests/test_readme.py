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
