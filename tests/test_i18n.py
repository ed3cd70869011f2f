"""nasales speaks Dutch (PRODUCT.md §7): the language is chosen per run, and in Dutch nothing a
person reads is English: help, usage errors, the lists, `show`, messages, prompts."""

import re

import pytest
import typer.main
from typer.testing import CliRunner

import realproc as rp
from nasales import i18n
from nasales.cli import app
from nasales.settings import Settings

runner = CliRunner()
DAY = "2026-11-27"
pytestmark = pytest.mark.usefixtures("empty_book")  # the commands here read a database


def run(lang: str, args: list[str], **env: str):
    """`nasales ARGS` in-process, with the language chosen by NASALES_LANG (or by `env`)."""
    return runner.invoke(app, args, prog_name="nasales", env={"NASALES_LANG": lang, **env})


# --------------------------------------------------------------------------- which language


@pytest.mark.parametrize(
    ("env", "config", "expected", "source"),
    [
        ({}, None, "en", "the default"),
        ({"NASALES_LANG": "nl"}, None, "nl", "NASALES_LANG=nl"),
        ({"NASALES_LANG": "nl_BE"}, None, "nl", "NASALES_LANG=nl_BE"),
        ({"NASALES_LANG": "en", "LANG": "nl_NL.UTF-8"}, "nl", "en", "NASALES_LANG=en"),
        ({"NASALES_LANG": "fr", "LANG": "nl_NL.UTF-8"}, None, "en", "NASALES_LANG=fr"),
        ({"LANG": "en_US.UTF-8"}, "nl", "nl", "language = 'nl'"),  # the file beats the locale
        ({"LANG": "nl_NL.UTF-8"}, "en", "en", "language = 'en'"),
        ({"LANG": "nl_NL.UTF-8"}, "klingon", "nl", "LANG=nl_NL.UTF-8"),  # not a language: skipped
        ({"LANG": "nl_NL.UTF-8"}, None, "nl", "LANG=nl_NL.UTF-8"),
        ({"LANGUAGE": "cs_CZ:nl", "LANG": "en_US.UTF-8"}, None, "nl", "LANGUAGE=cs_CZ:nl"),
        ({"LANGUAGE": "en:nl", "LANG": "nl_NL.UTF-8"}, None, "en", "LANGUAGE=en:nl"),
        ({"LANGUAGE": "de", "LANG": "nl_NL.UTF-8"}, None, "en", "LANGUAGE=de"),
        ({"LC_ALL": "C", "LANG": "nl_NL.UTF-8"}, None, "en", "LC_ALL=C"),  # the first set decides
        ({"LC_ALL": "nl_NL.UTF-8", "LANG": "C"}, None, "nl", "LC_ALL=nl_NL.UTF-8"),
        ({"LC_ALL": "", "LC_MESSAGES": "nl_BE.UTF-8"}, None, "nl", "LC_MESSAGES=nl_BE.UTF-8"),
        ({"LC_MESSAGES": "C.UTF-8", "LANG": "nl_NL.UTF-8"}, None, "en", "LC_MESSAGES=C.UTF-8"),
        ({"LANG": "de_DE.UTF-8"}, None, "en", "LANG=de_DE.UTF-8"),
    ],
)
def test_the_language_comes_from_the_first_source_that_names_one(
    env, config, expected, source, monkeypatch, tmp_path
):
    for variable, value in env.items():
        monkeypatch.setenv(variable, value)
    if config is not None:
        settings = tmp_path / "config.toml"
        settings.write_text(f'language = "{config}"\n', encoding="utf-8")
        monkeypatch.setenv("NASALES_CONFIG", str(settings))
    choice = i18n.language_choice(Settings.read().language)
    assert choice.language == expected
    assert source in choice.source


def test_switching_language_between_invocations_in_one_process():
    """Typer reads help= when the command is defined: the tree is translated per run."""
    nl, en, nl_again = (run(lang, ["done", "--help"]) for lang in ("nl", "en", "nl"))
    assert nl.exit_code == en.exit_code == nl_again.exit_code == 0
    assert "Gebruik: nasales done [OPTIES] {CODE|ACCOUNT}" in nl.output
    assert "Leg het gesprek vast waar een actiepunt om vraagt" in nl.output
    assert "Usage: nasales done [OPTIONS] {KEY|ACCOUNT}" in en.output
    assert "Log the call an item asks for" in en.output
    assert nl_again.output == nl.output
    assert "Bellijst voor 27-11-2026" in run("nl", ["today", "--on", DAY]).output
    assert "Calls for 2026-11-27" in run("en", ["today", "--on", DAY]).output


def test_the_locale_of_a_dutch_shell_is_enough():
    result = run("", ["today", "--on", DAY], LANG="nl_NL.UTF-8")
    assert result.output == "Bellijst voor 27-11-2026: niemand te bellen.\n"
    english = run("en", ["today", "--on", DAY], LANG="nl_NL.UTF-8")
    assert english.output == "Calls for 2026-11-27: nothing due.\n"


# --------------------------------------------------------------------------- help, everywhere


def _command_paths(command, path=()):
    yield list(path)
    for name, sub in getattr(command, "commands", {}).items():
        yield from _command_paths(sub, (*path, name))


COMMANDS = list(_command_paths(typer.main.get_command(app)))

# English words that have no business in Dutch prose (whole words, any case). Input syntax
# (option names, command names, choices, item keys) is removed before looking.
ENGLISH = re.compile(
    r"\b(the|and|or|with|without|from|for|this|that|their|they|them|you|your|when|what|which|"
    r"who|whom|why|how|it|its|an|at|by|on|to|into|since|before|after|until|else|every|each|"
    r"default|required|usage|options?|arguments|commands?|args|help|show|missing|such|invalid|"
    r"unexpected|mean|try|error|aborted|input|call|calls|customers?|items?|key|days?|date|today|"
    r"tomorrow|yesterday|working|due|late|problems?|promises?|proposals?|agreements?|delivery|"
    r"delivered|lost|won|relationship|notes?|colleague|person|people|name|value|file|path|copy|"
    r"records?|print|prints|write|read|whole|none|only|str|int|bool|kind|text|mood|tier|amount|"
    r"phone|email|role|title|owner|risk|doubt|yes|no|not|unknown|bad|use|sent|raised|noted|"
    r"solved|waiting|answer|book|explore|buyer|user|decision|maker|finance|positive|neutral|"
    r"negative|narrow|clear|opportunit(y|ies)|touchpoints?)\b",
    re.IGNORECASE,
)
INPUT_SYNTAX = [
    r"^Gebruik: .*$",  # the usage line: command names and metavars (checked on their own)
    r"^  [a-z][a-z-]*(?= {2,})",  # a command in the list of commands
    r"(?<![\w-])--?[a-z][\w-]*",  # option names
    r"\b[a-z_]+:[^\s\],;]+",  # item keys and examples: confirm:O-123, manual:4
    r"<[^<>]*\|[^<>]*>",  # the choices of an argument: <accounts|contacts|…>
    r"\S+=\S+",  # close_date=signed_on, x>=1, LANG=…
    r"`[^`]*`",  # `import`
    r"\S+@\S+",  # e-mail addresses
    r"(?<!\w)'[^'\n]*'",  # what the user typed, quoted (not the ' of "collega's")
    r"\b(table|plain|json|csv|nasales|done|agreed|pg_dump|chmod|rm)\b",  # values, commands
]


def prose(text: str) -> str:
    for pattern in INPUT_SYNTAX:
        text = re.sub(pattern, " ", text, flags=re.MULTILINE)
    return text


def english_in(text: str) -> list[str]:
    return sorted({m[0] for m in ENGLISH.finditer(prose(text))})


# An item key with its English prefix: Dutch human output prints the Dutch one (PRODUCT §7).
ENGLISH_KEY = re.compile(
    r"\b(?:hurdle|manual|proposal|confirm|agreement|post_delivery|lost_followup|relationship):"
)


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "nasales")
def test_the_help_of_every_command_is_dutch(path):
    result = run("nl", [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Gebruik: {' '.join(['nasales', *path])} [OPTIES]")
    assert "Toon deze hulp en stop." in result.output
    assert not english_in(result.output), result.output


@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "nasales")
def test_the_help_of_every_command_is_english_in_english(path):
    result = run("en", [*path, "--help"])
    assert result.exit_code == 0
    assert result.output.startswith("Usage: nasales")
    assert "Show this message and exit." in result.output
    assert "Gebruik" not in result.output and "OPTIES" not in result.output


def test_help_words_of_typer_itself_are_dutch():
    shown = run("nl", ["backup", "--help"]).output
    for dutch in (
        "Argumenten:",
        "Opties:",
        "BESTAND <pad>",
        "[standaard: 5; minstens 1]",
        "AANTAL",
    ):
        assert dutch in shown
    assert "[omgevingsvariabele: NASALES_DB]" in run("nl", ["--help"]).output
    assert "Opdrachten:" in run("nl", ["--help"]).output
    assert "ACCOUNT <tekst>" in run("nl", ["show", "--help"]).output
    assert "ACCOUNT <str>" in run("en", ["show", "--help"]).output
    assert "SOORT <accounts|contacts|" in run("nl", ["import", "--help"]).output


def test_no_arguments_shows_the_help_in_dutch():
    result = run("nl", [])
    assert result.exit_code == 2
    assert result.output.startswith("Gebruik: nasales [OPTIES] OPDRACHT [ARGUMENTEN]...")
    assert not english_in(result.output)


# --------------------------------------------------------------------------- usage errors

USAGE_ERRORS = [
    (["log"], "argument 'ACCOUNT' ontbreekt (zie", "missing argument 'ACCOUNT' (see"),
    (["today", "--bogus"], "onbekende optie: --bogus", "no such option: --bogus"),
    (
        ["log", "X", "bel", "--mod", "x"],
        "onbekende optie: --mod (mogelijke opties: --mood, --on, --order)",
        "no such option: --mod (Possible options: --mood, --on, --order)",
    ),
    (
        ["today", "--format", "xml"],
        "voor '--format' / '-f': 'xml' is geen geldige keuze; kies uit 'table', 'plain', "
        "'json' of 'csv' (zie",
        "for '--format' / '-f': 'xml' is not one of 'table', 'plain', 'json' or 'csv' (see",
    ),
    (
        ["agenda", "--days", "abc"],
        "ongeldige waarde voor '--days': geen geheel getal (zie",
        "invalid value for '--days': not a whole number (see",
    ),
    (["agenda", "--days", "0"], "moet minstens 1 zijn (zie", "must be at least 1 (see"),
    (["show", "X", "Y"], "onverwacht extra argument (Y) (zie", "got unexpected extra argument (Y)"),
    (
        ["show", "X", "Y", "Z"],
        "onverwachte extra argumenten (Y Z) (zie",
        "got unexpected extra arguments (Y Z) (see",
    ),
    (["snooze", "confirm:X"], "optie '--until' ontbreekt (zie", "missing option '--until' (see"),
    (["today", "--on"], "optie '--on' verwacht een waarde (zie", "option '--on' requires a value"),
    (["nope"], "onbekende opdracht 'nope'.", "no such command 'nope'."),
    (
        ["tody"],
        "onbekende opdracht 'tody'. Bedoelt u 'today'? (zie",
        "no such command 'tody'. Did you mean 'today'? (see",
    ),
    (["--bogus"], "onbekende optie: --bogus", "no such option: --bogus"),
    (["order", "won"], "argument 'ACCOUNT' ontbreekt (zie", "missing argument 'ACCOUNT' (see"),
    (
        ["export", "foo"],
        "ongeldige waarde voor 'SOORT': 'foo' is geen geldige keuze",
        "invalid value for 'KIND': 'foo' is not one of",
    ),
    (
        ["import", "accounts", "/no/such.csv"],
        "ongeldige waarde voor 'BESTAND': '/no/such.csv' bestaat niet (zie",
        "invalid value for 'FILE': '/no/such.csv' does not exist (see",
    ),
    (
        ["import", "accounts", "/"],
        "ongeldige waarde voor 'BESTAND': '/' is een map (zie",
        "invalid value for 'FILE': '/' is a directory (see",
    ),
    (
        ["import", "accounts", "/", "--decimal", "x"],
        "'x' is geen komma en geen punt (zie",
        "'x' is neither a comma nor a point (see",
    ),
]


@pytest.mark.parametrize(
    ("args", "dutch", "english"), USAGE_ERRORS, ids=[" ".join(e[0]) for e in USAGE_ERRORS]
)
def test_a_command_line_that_does_not_parse_is_one_line_in_the_language(args, dutch, english):
    nl, en = run("nl", args), run("en", args)
    assert nl.exit_code == en.exit_code == 2
    assert nl.stdout == en.stdout == ""
    (nl_line,) = nl.stderr.splitlines()
    (en_line,) = en.stderr.splitlines()
    assert nl_line.startswith("nasales: ") and dutch in nl_line, nl_line
    assert nl_line[len("nasales: ")].islower() and en_line[len("nasales: ")].islower()
    assert ". (" not in nl_line and ". (" not in en_line  # one style: no full stop
    assert re.search(r" \(zie 'nasales( [a-z]+)* --help'\)$", nl_line), nl_line
    assert en_line.startswith("nasales: ") and english in en_line, en_line
    assert re.search(r" \(see 'nasales( [a-z]+)* --help'\)$", en_line), en_line
    assert not english_in(nl_line.removeprefix("nasales: ")), nl_line


# --------------------------------------------------------------------------- the user's errors


@pytest.mark.parametrize(
    ("args", "dutch"),
    [
        (["show", "Nobody"], "nasales: onbekend account 'Nobody'"),
        (["today", "--on", "31-02-2026"], "nasales: ongeldige datum '31-02-2026': die dag bestaat"),
        (["today", "--on", "morgenvroeg"], "gebruik 27-11-2026, 2026-11-27 of vandaag"),
        (["today", "--on", "1-1-1800"], "gebruik een jaar van 1900 tot en met 2999"),
        (["hurdle", "resolve", "9"], "nasales: onbekend probleem 9"),
        (["done", "hurdle:x"], "nasales: ongeldige code 'hurdle:x'"),
        (
            ["--db", "postgresql://u@h:port/db", "today"],
            "nasales: ongeldige database-URL: de poort moet een getal zijn",
        ),
    ],
)
def test_errors_are_one_line_in_dutch(args, dutch):
    result = run("nl", args)
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith("nasales: ") and dutch in line, line
    assert not english_in(line.removeprefix("nasales: ")), line


def test_a_bad_word_offers_the_words_of_the_language(cli):
    cli("account add Jansen")
    nl = run("nl", ["log", "Jansen", "bezoekje"])
    assert nl.stderr == (
        "nasales: soort 'bezoekje' is ongeldig: kies uit bel, bezoek, overleg, instemming, "
        "mail of notitie\n"
    )
    en = run("en", ["log", "Jansen", "visitt", "--mood", "happy"])
    assert en.stderr == (
        "nasales: bad kind 'visitt': use one of call, visit, meeting, agreement, email or note\n"
    )
    assert run("en", ["log", "Jansen", "bezoek", "--mood", "twijfel"]).exit_code == 0


def test_an_import_reports_in_dutch(tmp_path):
    """The summary of an import and a file that is no text, in Dutch (no English left)."""
    good = tmp_path / "accounts.csv"
    good.write_text("naam;klasse\nBakkerij Jansen;A\nMeijer;Q\n", encoding="utf-8")
    args = ["import", "accounts", str(good), "--map", "naam=name", "--map", "klasse=tier"]
    result = run("nl", [*args, "--skip-invalid", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.stderr == "regel 3: klasse 'Q' is ongeldig: kies uit A, B of C\n"
    assert result.stdout == (
        "accounts: 2 regels gelezen, zou 1 importeren (1 nieuw, 0 bijgewerkt, 0 ongewijzigd), "
        "1 ongeldig\nalleen gecontroleerd: niets opgeslagen\n"
    )
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"name\nAcme\nCaf\x81\n")
    (line,) = run("nl", ["import", "accounts", str(binary)]).stderr.splitlines()
    assert line == (
        "nasales: regel 3: byte 0x81 is geen tekst in UTF-8 of Windows-1252; sla het bestand "
        "op als CSV (UTF-8) en importeer dat"
    )
    for text in (result.stdout, result.stderr, line):
        assert not english_in(re.sub(r"\S*/\S*", " ", text)), text


# --------------------------------------------------------------------------- asking on a terminal


def test_forget_asks_in_dutch_on_a_terminal(cli, isolated):
    cli("account add 'Bakkerij Jansen'")
    cli("contact add 'Bakkerij Jansen' 'Jan de Vries' --email jan@example.nl")
    args = ["contact", "forget", "Jan de Vries"]
    code, seen = rp.on_a_terminal(
        isolated, args, b"[j/N]: ", [b"misschien\n", b"nee\n"], NASALES_LANG="nl"
    )
    assert code == 1, seen
    assert (
        "Hiermee wist u Jan de Vries bij Bakkerij Jansen en wijzigt u precies deze gegevens:"
    ) in seen
    assert "contactgegevens van Jan de Vries bij Bakkerij Jansen: verwijderd" in seen
    assert "Deze persoon wissen? [j/N]: " in seen
    assert "Fout: ongeldige invoer" in seen and "niets gewist" in seen
    assert rp.query(isolated, "SELECT count(*) FROM contact") == [(1,)]
    code, seen = rp.on_a_terminal(isolated, args, b"[j/N]: ", [b"ja\n"], NASALES_LANG="nl")
    assert code == 0, seen
    assert "gewist: contactgegevens (1)" in seen
    assert rp.query(isolated, "SELECT count(*) FROM contact") == [(0,)]


# --------------------------------------------------------------------------- doctor


def test_doctor_says_which_language_and_why(tmp_path, monkeypatch):
    dutch = run("", ["doctor"], LANG="nl_NL.UTF-8")
    assert dutch.exit_code == 0, dutch.output
    assert dutch.output.splitlines()[-1] == "ok      taal: Nederlands (via LANG=nl_NL.UTF-8)"
    assert "ok      instellingen: de standaardwaarden (geen " in dutch.output
    assert not english_in(re.sub(r"/\S+", " ", dutch.output))
    english = run("en", ["doctor"], LANG="nl_NL.UTF-8")
    assert english.output.splitlines()[-1] == "ok    language: English (from NASALES_LANG=en)"
    settings = tmp_path / "config.toml"
    settings.write_text('language = "nl"\n', encoding="utf-8")
    monkeypatch.setenv("NASALES_CONFIG", str(settings))
    configured = runner.invoke(app, ["doctor"]).output.splitlines()
    assert f"ok      instellingen: {settings} is geldig" in configured
    assert configured[-1] == f"ok      taal: Nederlands (via {settings}: language = 'nl')"


# --------------------------------------------------------------------------- end to end


def test_a_dutch_day_with_the_demo_has_no_english_left(tmp_path, monkeypatch):
    """The demo, today, show, agenda, digest, an error and a person's data, in Dutch, in the
    human formats: no English sentence, Dutch dates and amounts."""
    monkeypatch.setenv("NASALES_LANG", "nl")
    demo = runner.invoke(app, ["demo", "--on", DAY, "-f", "plain"])
    assert demo.exit_code == 0, demo.output
    path = demo.stderr.split(" staat in ")[1].split(";")[0]
    assert demo.stderr.startswith(  # what the demo captured (PRODUCT.md §9), then the hint
        "Vastgelegd uit demo-Master.csv: gelezen 6, vastgelegd 1, al vastgelegd 0, "
        "overgeslagen 4 (1 intern, 1 kort, 2 niet beantwoord), niet bekend 1, onleesbaar 0\n"
        "Vastgelegd uit demo-agenda.ics: gelezen "
    )
    assert "\n\nDe demoportefeuille staat in " in demo.stderr
    db = ["--db", path]
    shown = {"demo": demo.stdout, "hint": demo.stderr.split(" met: ")[0]}
    for name, args in {
        "today": ["today", "--on", DAY, "-f", "plain"],
        "table": ["today", "--on", DAY, "-f", "table"],
        "agenda": ["agenda", "--on", DAY, "--days", "14", "-f", "plain"],
        "digest": ["digest", "--on", DAY],
        "show": ["show", "Bakkerij Jansen", "--on", DAY],
        "show VD": ["show", "Van Dijk Machinebouw", "--on", DAY],
        "show GH": ["show", "Groenhuis Installatietechniek", "--on", DAY],
        "show DV": ["show", "De Vries Kunststoffen", "--on", DAY],
        "person": ["contact", "export", "Fatima El Amrani"],
        "done": ["done", "Bakkerij Jansen", "--on", DAY, "--next", "Tweede oven"],
    }.items():
        for columns in ("200", "80"):
            result = runner.invoke(app, [*db, *args], env={"COLUMNS": columns})
            assert result.exit_code == 0, (name, result.output)
            shown[f"{name} {columns}"] = result.stdout
    error = runner.invoke(app, [*db, "show", "Bakkerij Jansens"])
    assert error.exit_code == 1
    shown["error"] = error.stderr
    leaks = {name: english_in(text) for name, text in shown.items() if english_in(text)}
    assert not leaks, leaks
    codes = {name: ENGLISH_KEY.findall(text) for name, text in shown.items()}
    assert not any(codes.values()), codes
    assert demo.stdout.startswith(
        "26-11-2026, 1 werkdag te laat · Groenhuis Installatietechniek · Fatima El Amrani"
    )
    assert "vandaag · Hendriks Metaal · Anouk Hendriks, gebruiker" in demo.stdout
    assert (
        "keuze bevestigen [bevestigen:VD-2041]: CNC-freescentrum DMU 50 gewonnen op 25-11-2026"
    ) in demo.stdout
    assert shown["table 200"].startswith("Bellijst voor 27-11-2026: 8 gesprekken\n")
    assert "wanneer" in shown["table 200"] and "waarover" in shown["table 200"]
    assert (
        "  VD-2041 · gewonnen 25-11-2026 · CNC-freescentrum DMU 50 · € 185.000"
        in shown["show VD 80"]
    )
    assert "accountmanager Eva · A-klant · CLV € 1.200.000" in shown["show DV 80"]
    assert "Twijfelrisico 24/100:" in shown["show 80"]
    assert "Bellijst van Eva voor 27-11-2026: 6 gesprekken" in shown["digest 80"]
    assert shown["error"] == (
        "nasales: onbekend account 'Bakkerij Jansens'; bedoelt u 'Bakkerij Jansen'?\n"
    )


def test_json_and_csv_keep_english_codes_and_dutch_reasons(cli):
    cli("account add Jansen --owner Eva")
    cli("order won Jansen Oven --ref O-1 --value 185000 --on 2026-11-25")
    records = run("nl", ["today", "--on", DAY, "-f", "json"]).stdout
    assert '"reason": "confirm"' in records and '"key": "confirm:O-1"' in records
    assert '"why": "Oven gewonnen op 25-11-2026: bel de klant en bevestig' in records
    assert '"due": "2026-11-26"' in records  # machine dates stay ISO
    table = run("nl", ["today", "--on", DAY, "-f", "csv"]).stdout
    assert table.startswith("key,reason,account,order,due,overdue_days,value,owner,")
