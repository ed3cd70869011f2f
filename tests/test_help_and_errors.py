"""Help and errors a Dutch account manager reads: summaries whole, each
option's help true for its command, errors in one style and in the language, SQLite's own
English translated, and a typo answered with the name it most likely meant."""

import re

import pytest
import typer.main
from typer.testing import CliRunner

from nasales.cli import app
from snapshot import snapshot

runner = CliRunner()


def run(lang: str, args: list[str], **env: str):
    return runner.invoke(app, args, prog_name="nasales", env={"NASALES_LANG": lang, **env})


GROUPS = [[]] + [
    [name]
    for name, command in typer.main.get_command(app).commands.items()  # type: ignore[attr-defined]
    if hasattr(command, "commands")
]


@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("lang", ["nl", "en"])
@pytest.mark.parametrize("group", GROUPS, ids=lambda g: " ".join(g) or "nasales")
def test_every_command_summary_is_a_whole_sentence(group, lang, columns):
    """Click cut a summary at the width, mid-sentence ("het..."): each is whole now, wrapped."""
    shown = run(lang, [*group, "--help"], COLUMNS=columns).output
    listing = shown.split("Opdrachten:\n" if lang == "nl" else "Commands:\n")[1]
    summaries: list[str] = []
    for line in listing.splitlines():
        if re.match(r"  \S", line):
            summaries.append(line.split(None, 1)[1])
        elif line.strip():
            summaries[-1] += " " + line.strip()
    assert summaries
    for summary in summaries:
        assert not summary.endswith("...") and summary.endswith((".", "?")), summary
        assert len(summary) <= 100, summary  # a summary, not the whole help


@pytest.mark.parametrize(
    ("command", "option", "dutch", "not_said"),
    [
        (["pipeline"], "--for PERSOON", "De kansen van één persoon", "bellijst"),
        (["pipeline"], "--on DATUM", "De kansen die op deze dag openstaan", "Bekijk de lijst"),
        (["review"], "--for PERSOON", "De nazorg van één persoon", "bellijst"),
        (["today"], "--for PERSOON", "De bellijst van één persoon", "kansen"),
        (["order", "lost"], "--to CONCURRENT", "De concurrent die de order kreeg", "PERSOON"),
    ],
)
def test_each_options_help_is_true_for_its_command(command, option, dutch, not_said):
    shown = run("nl", [*command, "--help"], COLUMNS="200").output
    (line,) = [line for line in shown.splitlines() if line.strip().startswith(option)]
    assert dutch in line and not_said not in line, line


def test_a_number_range_reads_as_words():
    assert "[standaard: 7; 1 t/m 366]" in run("nl", ["agenda", "--help"]).output
    assert "[default: 7; 1 to 366]" in run("en", ["agenda", "--help"]).output


def test_sqlite_does_not_speak_english_in_dutch(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not a database at all\n" * 100, encoding="utf-8")
    nl = run("nl", ["--db", str(junk), "today", "--on", "2026-11-27"])
    en = run("en", ["--db", str(junk), "today", "--on", "2026-11-27"])
    assert nl.exit_code == en.exit_code == 1
    assert nl.stderr == (
        f"nasales: {junk} is geen nasales-database (het bestand is geen database); er is niets "
        "gewijzigd\n"
    )
    assert en.stderr == (
        f"nasales: {junk} is not a nasales database (the file is not a database); nothing was "
        "changed\n"
    )
    assert junk.read_text(encoding="utf-8").startswith("not a database")


@pytest.fixture
def book(cli):
    cli("account add 'Bakkerij Jansen'")
    cli("account add 'Van Dijk Machinebouw'")
    cli("contact add 'Van Dijk Machinebouw' 'Sanne van Dijk'")
    return cli


@pytest.mark.parametrize(
    ("args", "dutch", "english"),
    [
        (
            ["show", "bakerij jansen"],
            "onbekend account 'bakerij jansen'; bedoelt u 'Bakkerij Jansen'?",
            "unknown account 'bakerij jansen'; did you mean 'Bakkerij Jansen'?",
        ),
        (
            ["log", "Van Dijk Machinebow", "bel", "--on", "2026-11-27"],
            "onbekend account 'Van Dijk Machinebow'; bedoelt u 'Van Dijk Machinebouw'?",
            "unknown account 'Van Dijk Machinebow'; did you mean 'Van Dijk Machinebouw'?",
        ),
        (
            ["done", "Van Dijk Machinebow", "--on", "2026-11-27"],
            "en ook geen account; bedoelt u 'Van Dijk Machinebouw'?",
            "nor an account; did you mean 'Van Dijk Machinebouw'?",
        ),
        (
            ["log", "Van Dijk Machinebouw", "bel", "--contact", "Sane van Dijk"],
            "bij 'Van Dijk Machinebouw'; bedoelt u 'Sanne van Dijk'?",
            "at 'Van Dijk Machinebouw'; did you mean 'Sanne van Dijk'?",
        ),
    ],
)
def test_a_typo_is_answered_with_the_closest_name(book, isolated, args, dutch, english):
    before = snapshot(isolated)
    for lang, expected in (("nl", dutch), ("en", english)):
        result = run(lang, args)
        assert result.exit_code == 1
        (line,) = result.stderr.splitlines()
        assert line.endswith(expected), line
    assert snapshot(isolated) == before


def test_no_suggestion_for_a_name_like_none(book):
    result = run("en", ["show", "Groenhuis"])
    assert result.stderr == "nasales: unknown account 'Groenhuis'\n"
