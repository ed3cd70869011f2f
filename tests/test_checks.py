"""One home for every rule across records (domain/checks.py):
what the command line refuses, every import refuses, on SQLite and PostgreSQL,
and a refused command or file changes nothing. The drift test runs over the table itself,
so a new check without its case fails here."""

import shlex
import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from nasales.cli import app
from nasales.domain import checks
from nasales.errors import Invalid
from nasales.transfer.kinds import KINDS as TRANSFER_KINDS
from snapshot import snapshot

KINDS = list(TRANSFER_KINDS)

# Acme (Eva's) won W-1 (a problem on 4 Nov) and W-2 (a proposal sent on Thu 5 Nov) on Mon
# 2 Nov, and lost L-1 that day; confirming W-1 on 3 Nov they noted two needs. Beta won B-1.
BOOK = [
    "account add Acme --owner Eva",
    "account add Beta --owner Piet",
    "order won Acme Press --ref W-1 --on 2026-11-02",
    "order won Acme Line --ref W-2 --on 2026-11-02",
    "order lost Acme Drill --ref L-1 --on 2026-11-02",
    "order won Beta Saw --ref B-1 --on 2026-11-02",
    "hurdle add W-1 'Late part' --on 2026-11-04",
    "proposal add W-2 'Start-up plan' --on 2026-11-05",
    "done confirm:W-1 --on 2026-11-03 --next 'Second press'",
    "done Acme --on 2026-11-03 --next 'Spare parts'",
]
ORDERS = "ref,account,status,signed_on,delivered_on\n"
OPPORTUNITIES = "account,text,noted_on,"


@dataclass(frozen=True)
class Case:
    message: str  # what the check says (on the command line and on the import's line)
    command: str | None = None  # a command it refuses (None: no command can try it)
    file: tuple[str, str] | None = None  # a file it refuses: kind, text
    setup: tuple[str, ...] = ()
    command_says: str | None = None  # when the command says it otherwise (an earlier rule)


CASES = {
    "delivered_won": Case(
        "order 'L-1' was lost; only won orders are delivered",
        "order delivered L-1 --on 2026-11-20",
        ("orders", ORDERS + "L-1,Acme,lost,2026-11-02,2026-11-20\n"),
    ),
    "delivered_after_win": Case(
        "delivered on 2026-11-01, before order 'W-1' was won (2026-11-02)",
        "order delivered W-1 --on 2026-11-01",
        ("orders", ORDERS + "W-1,Acme,won,2026-11-02,2026-11-01\n"),
    ),
    "lost_has_nothing_on_it": Case(
        "order 'W-2' has problems or proposals on file: a lost order has none",
        file=("orders", ORDERS + "W-2,Acme,lost,2026-11-02,\n"),
    ),
    "won_before_its_problems": Case(
        "order 'W-1' cannot be won on 2026-11-05: its first problem was raised on 2026-11-04",
        file=("orders", ORDERS + "W-1,Acme,won,2026-11-05,\n"),
    ),
    "won_before_its_proposals": Case(
        "order 'W-2' cannot be won on 2026-11-06: its first proposal was sent on 2026-11-05",
        file=("orders", ORDERS + "W-2,Acme,won,2026-11-06,\n"),
    ),
    "won_after_the_need": Case(
        "won on 2026-11-02, before the need was noted (2026-11-03)",
        file=("orders", ORDERS + "W-3,Acme,won,2026-11-02,\n"),
        setup=("order won Acme 'Second press' --ref W-3 --from 1 --on 2026-11-10",),
    ),
    "problem_on_won": Case(
        "order 'L-1' was lost; problems are recorded on won orders",
        "hurdle add L-1 'Wrong colour' --on 2026-11-05",
        ("hurdles", "order,description,raised_on\nL-1,Wrong colour,2026-11-05\n"),
    ),
    "problem_after_win": Case(
        "raised on 2026-11-01, before the order was won (2026-11-02)",
        "hurdle add W-1 'Wrong colour' --on 2026-11-01",
        ("hurdles", "order,description,raised_on\nW-1,Wrong colour,2026-11-01\n"),
    ),
    "resolved_after_raised": Case(
        "resolved on 2026-11-03, before it was raised (2026-11-04)",
        "hurdle resolve 1 --on 2026-11-03",
        (
            "hurdles",
            "order,description,raised_on,resolved_on\nW-1,Late part,2026-11-04,2026-11-03\n",
        ),
    ),
    "proposal_on_won": Case(
        "order 'L-1' was lost; proposals are for won orders",
        "proposal add L-1 Plan --on 2026-11-05",
        ("proposals", "order,text,sent_on\nL-1,Plan,2026-11-05\n"),
    ),
    "proposal_after_win": Case(
        "sent on 2026-11-01, before the order was won (2026-11-02)",
        "proposal add W-1 Plan --on 2026-11-01",
        ("proposals", "order,text,sent_on\nW-1,Plan,2026-11-01\n"),
    ),
    "answer_by_after_sent": Case(
        "answer by 2026-11-04 is before the proposal was sent (2026-11-05)",
        "proposal add W-1 Plan --on 2026-11-05 --answer-by 2026-11-04",
        ("proposals", "order,text,sent_on,answer_by\nW-1,Plan,2026-11-05,2026-11-04\n"),
    ),
    "agreed_after_sent": Case(
        "answered on 2026-11-04, before it was sent (2026-11-05)",
        "proposal agreed 1 --on 2026-11-04",
        ("proposals", "order,text,sent_on,agreed_on\nW-2,Start-up plan,2026-11-05,2026-11-04\n"),
    ),
    "declined_after_sent": Case(
        "answered on 2026-11-04, before it was sent (2026-11-05)",
        "proposal declined 1 --on 2026-11-04",
        ("proposals", "order,text,sent_on,declined_on\nW-2,Start-up plan,2026-11-05,2026-11-04\n"),
    ),
    "one_answer": Case(  # the file says declined; the database, agreed
        "agreed, and declined on 2026-11-09: a proposal gets one answer",
        "proposal declined 1 --on 2026-11-09",
        ("proposals", "order,text,sent_on,declined_on\nW-2,Start-up plan,2026-11-05,2026-11-09\n"),
        setup=("proposal agreed 1 --on 2026-11-06",),
        command_says="proposal 1 was answered already on 2026-11-06",
    ),
    "dropped_after_noted": Case(
        "dropped on 2026-11-02, before it was noted (2026-11-03)",
        "opportunity drop 1 --on 2026-11-02",
        ("opportunities", OPPORTUNITIES + "dropped_on\nAcme,Second press,2026-11-03,2026-11-02\n"),
    ),
    "won_or_dropped": Case(
        "won, and dropped on 2026-11-12: a need is met or goes away, not both",
        "opportunity drop 1 --on 2026-11-12",
        ("opportunities", OPPORTUNITIES + "dropped_on\nAcme,Second press,2026-11-03,2026-11-12\n"),
        setup=("order won Acme 'Second press' --ref W-3 --from 1 --on 2026-11-10",),
        command_says="opportunity 1 is closed already",
    ),
    "won_by_a_won_order": Case(
        "order 'L-1' was lost; it met no need",
        file=("opportunities", OPPORTUNITIES + "won_order\nAcme,Second press,2026-11-03,L-1\n"),
    ),
    "need_before_its_order": Case(
        "won on 2026-11-02, before the need was noted (2026-11-03)",
        "order won Acme 'Second press' --from 1 --on 2026-11-02",
        ("opportunities", OPPORTUNITIES + "won_order\nAcme,Second press,2026-11-03,W-1\n"),
    ),
    "same_account": Case(
        "order 'B-1' belongs to another account",
        "log Acme call --order B-1 --on 2026-11-05",
        ("touchpoints", "account,kind,date,order\nAcme,call,2026-11-05,B-1\n"),
    ),
    "confirm_after_win": Case(
        "confirm:W-2 asks for a call on or after the win (2026-11-02); 2026-10-30 is before it",
        "done confirm:W-2 --on 2026-10-30",
    ),
    "agreement_after_win": Case(
        "agreement:W-2 asks for an agreement on or after the win (2026-11-02); "
        "2026-11-01 is before it",
        "done agreement:W-2 --on 2026-11-01",
    ),
    "post_delivery_after_delivery": Case(
        "order 'W-1' is not delivered by 2026-11-19; nothing to check yet",
        "done post_delivery:W-1 --on 2026-11-19",
        setup=("order delivered W-1 --on 2026-11-20",),
    ),
    "hurdle_call_after_raised": Case(
        "hurdle:1 was raised on 2026-11-04; a call on 2026-11-03 cannot have been about it",
        "done hurdle:1 --on 2026-11-03",
    ),
    "proposal_call_after_sent": Case(
        "proposal:1 was sent on 2026-11-05; a call on 2026-11-04 cannot chase its answer",
        "done proposal:1 --on 2026-11-04",
    ),
    "lost_call_in_its_window": Case(
        "lost_followup:L-1: a call counts for this follow-up from 2026-11-03 on; "
        "2026-11-02 is before it",
        "done lost_followup:L-1 --on 2026-11-02",
    ),
}


def test_every_check_has_a_case_and_every_case_a_check():
    assert [c.code for c in checks.CHECKS] == list(CASES)
    assert all(case.command or case.file for case in CASES.values())


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    """BOOK on SQLite, built once by the commands (each test works on a copy)."""
    folder = tmp_path_factory.mktemp("book")
    env = {
        "NASALES_DB": str(folder / "book.db"),
        "NASALES_CONFIG": None,  # no settings file: the defaults
        "NASALES_LANG": "en",
        **{f"XDG_{d}_HOME": str(folder / d.lower()) for d in ("DATA", "CONFIG", "CACHE")},
    }
    runner = CliRunner()
    for command in BOOK:
        result = runner.invoke(app, shlex.split(command), env=env, catch_exceptions=False)
        assert result.exit_code == 0, (command, result.stderr)
    return folder / "book.db"


# PostgreSQL reads dates as dates and answers in its own SQL: a case per record and way in
ON_POSTGRESQL = [
    "delivered_won",
    "won_before_its_problems",
    "problem_after_win",
    "one_answer",
    "need_before_its_order",
    "same_account",
    "confirm_after_win",
    "lost_call_in_its_window",
]


@pytest.fixture
def backend(request, monkeypatch, cli, isolated, built):  # type: ignore[no-untyped-def]
    """BOOK on SQLite or PostgreSQL, and a function that photographs the database."""
    if request.param == "postgresql":
        monkeypatch.setenv("NASALES_DB", request.getfixturevalue("fresh_pg"))
        for command in BOOK:
            cli(command)
        return lambda: [cli(["export", kind]).stdout for kind in KINDS]
    shutil.copy(built, isolated)
    return lambda: snapshot(isolated)


@pytest.mark.parametrize(
    ("backend", "code"),
    [("sqlite", code) for code in CASES] + [("postgresql", code) for code in ON_POSTGRESQL],
    indirect=["backend"],
)
def test_what_the_command_line_refuses_every_import_refuses(code, cli, backend, tmp_path):
    case = CASES[code]
    for command in case.setup:
        cli(command)
    before = backend()
    if case.command:
        result = cli(case.command, ok=False)
        assert result.exit_code == 1
        assert result.stderr == f"nasales: {case.command_says or case.message}\n"
        assert backend() == before
    if case.file:
        kind, text = case.file
        path = tmp_path / f"{kind}.csv"
        path.write_text(text)
        result = cli(["import", kind, str(path)], ok=False)
        assert result.exit_code == 1
        line, summary = result.stderr.splitlines()
        assert line.startswith("line 2: ") and case.message in line
        assert summary == "nasales: 1 invalid row; nothing imported"
        assert backend() == before
        skipped = cli(["import", kind, str(path), "--skip-invalid"])
        assert "1 row read, imported 0 (0 new, 0 updated, 0 unchanged), 1 invalid" in skipped.stdout
        assert backend() == before


# -- the checks at unit level: pure, dates as `date` or ISO text ------------------------------

WON = checks.order_state("P-1", "won", date(2026, 11, 2), None, 1)
LOST = checks.order_state("P-2", "lost", "2026-11-02", None, 1)


def test_a_date_on_the_day_it_may_start_is_accepted():
    assert checks.problems("hurdle", {"raised_on": date(2026, 11, 2)}, WON) == []
    assert (
        checks.problems("proposal", {"sent_on": "2026-11-02", "answer_by": "2026-11-02"}, WON) == []
    )
    assert checks.problems("order", {**WON, "delivered_on": "2026-11-02"}) == []
    item = checks.item("confirm", "P-1", signed_on=date(2026, 11, 2))
    assert checks.problems("done", {"date": date(2026, 11, 2)}, item) == []
    assert checks.problems("done", {"date": date(2026, 11, 1)}, item) != []


def test_a_record_without_its_order_is_held_to_its_own_dates_only():
    assert checks.problems("hurdle", {"raised_on": "2026-10-01"}) == []
    assert checks.problems("hurdle", {"raised_on": "2026-10-01", "resolved_on": "2026-09-30"}) == [
        "resolved on 2026-09-30, before it was raised (2026-10-01)"
    ]


def test_every_problem_is_said_and_refuse_says_them_in_one_line():
    found = checks.problems("hurdle", {"raised_on": date(2026, 10, 1)}, LOST)
    assert found == [
        "order 'P-2' was lost; problems are recorded on won orders",
        "raised on 2026-10-01, before the order was won (2026-11-02)",
    ]
    with pytest.raises(Invalid) as refused:
        checks.refuse("hurdle", {"raised_on": date(2026, 10, 1)}, LOST)
    assert str(refused.value) == "; ".join(found)


def test_an_order_is_held_to_what_hangs_on_it():
    held = checks.held(hurdles=1, first_raised="2026-11-04", first_noted=date(2026, 11, 1))
    assert checks.problems("order", dict(WON), held) == []
    later, earlier = {**WON, "signed_on": "2026-11-05"}, {**WON, "signed_on": "2026-10-31"}
    assert checks.problems("order", later, held) == [
        "order 'P-1' cannot be won on 2026-11-05: its first problem was raised on 2026-11-04"
    ]
    assert checks.problems("order", earlier, held) == [
        "won on 2026-10-31, before the need was noted (2026-11-01)"
    ]
    assert checks.problems("order", {**WON, "status": "lost"}, held) == [
        "order 'P-1' has problems or proposals on file: a lost order has none"
    ]
    new = {"ref": None, "status": "lost", "signed_on": "2026-11-02", "delivered_on": "2026-11-09"}
    assert checks.problems("order", new) == ["this order was lost; only won orders are delivered"]


def test_a_touchpoint_may_predate_its_order_but_not_name_another_accounts():
    assert checks.check_touchpoint({"account_id": 1, "date": date(2026, 1, 1)}, WON) == []
    assert checks.check_touchpoint({"account_id": 2, "date": date(2026, 12, 1)}, WON) == [
        "order 'P-1' belongs to another account"
    ]
    assert checks.check_touchpoint({"account_id": 2, "date": date(2026, 12, 1)}) == []


def test_the_checks_speak_dutch(monkeypatch):
    from nasales import i18n

    i18n.activate("nl")
    try:
        found = checks.problems("hurdle", {"raised_on": "2026-10-01"}, LOST)
    finally:
        i18n.activate("en")
    assert found == [
        "order 'P-2' is verloren; problemen worden op gewonnen orders vastgelegd",
        "gemeld op 01-10-2026, vóór de datum waarop de order is gewonnen (02-11-2026)",
    ]


def test_docs_import_md_lists_every_check():
    text = (Path(__file__).parent.parent / "docs" / "import.md").read_text()
    for check in checks.CHECKS:
        assert f"| `{check.code}` |" in text, check.code
