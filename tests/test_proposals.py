"""Proposals through the command line: sent, chased when the answer is late,
standing in for the agreement moment, and an agreed proposal restarting the agreement rhythm.
The rule's edges are in tests/playbook/test_proposal.py; here the store and the commands."""

import json

import pytest

from snapshot import snapshot


def today(cli, on: str, *args: str) -> list[tuple[str, str]]:
    calls = json.loads(cli(["today", "--on", on, "--format", "json", *args]).stdout)
    return [(c["key"], c["due"]) for c in calls]


def page(cli, on: str) -> dict:
    return json.loads(cli(["show", "Bouw BV", "--on", on, "--format", "json"]).stdout)


def test_a_proposal_stands_in_for_the_agreement_moment_until_its_answer_is_late(
    cli, press_in_delivery
):
    assert cli("proposal add P-1 'Start-up plan' --on 2026-11-05").stdout == "1\n"
    assert today(cli, "2026-11-09") == []  # the agreement moment is in hand
    assert today(cli, "2026-11-10") == [("proposal:1", "2026-11-10")]  # 3 working days
    (item,) = json.loads(cli("today --on 2026-11-11 --format json").stdout)
    assert (item["reason"], item["order"], item["overdue_days"], item["value"]) == (
        "proposal",
        "P-1",
        1,
        40000,
    )
    assert "Start-up plan" in item["why"]


def test_an_agreed_proposal_logs_an_agreement_and_the_rhythm_restarts_from_it(
    cli, press_in_delivery
):
    cli("proposal add P-1 'Start-up plan' --on 2026-11-05")
    out = cli("proposal agreed 1 --on 2026-11-11").stdout
    assert out == "proposal 1 agreed on 2026-11-11: logged an agreement on P-1\n"
    assert today(cli, "2026-11-11") == []
    assert today(cli, "2026-11-17") == []
    assert today(cli, "2026-11-18") == [("agreement:P-1", "2026-11-18")]  # 11 Nov + 7
    agreements = [t for t in page(cli, "2026-11-18")["touchpoints"] if t["kind"] == "agreement"]
    assert [(t["date"], t["order"]) for t in agreements] == [("2026-11-11", "P-1")]
    (proposal,) = page(cli, "2026-11-18")["proposals"]
    assert proposal["agreed_on"] == "2026-11-11"


def test_a_declined_proposal_logs_nothing_and_the_agreement_moment_is_back(
    cli, press_in_delivery, isolated
):
    cli("proposal add P-1 'Start-up plan' --on 2026-11-05")
    touchpoints = snapshot(isolated)["touchpoint"]
    cli("proposal declined 1 --on 2026-11-11 --note 'too early'")
    assert snapshot(isolated)["touchpoint"] == touchpoints
    assert today(cli, "2026-11-11") == [("agreement:P-1", "2026-11-09")]  # as before, late
    (proposal,) = page(cli, "2026-11-11")["proposals"]
    assert (proposal["declined_on"], proposal["note"]) == ("2026-11-11", "too early")


def test_answer_by_on_a_weekend_is_chased_the_next_working_day(cli, press_in_delivery):
    cli("proposal add P-1 'Schedule' --on 2026-11-23 --answer-by 2026-11-28")  # a Saturday
    assert today(cli, "2026-11-27") == []
    assert today(cli, "2026-11-30") == [("proposal:1", "2026-11-30")]


def test_two_proposals_on_one_order(cli, press_in_delivery):
    assert cli("proposal add P-1 'Start-up plan' --on 2026-11-05").stdout == "1\n"
    assert cli("proposal add P-1 'Schedule' --on 2026-11-06 --answer-by 2026-11-20").stdout == "2\n"
    cli("proposal agreed 1 --on 2026-11-10")
    # the schedule is still open: it stands in for the next agreement moment (17 Nov)
    assert today(cli, "2026-11-17") == []
    assert today(cli, "2026-11-20") == [("proposal:2", "2026-11-20")]
    cli("proposal declined 2 --on 2026-11-20")
    assert today(cli, "2026-11-20") == [("agreement:P-1", "2026-11-17")]


def test_a_proposal_sent_after_the_day_asked_about_is_ignored(cli, press_in_delivery):
    cli("proposal add P-1 'Start-up plan' --on 2026-11-10")
    assert today(cli, "2026-11-09") == [("agreement:P-1", "2026-11-09")]
    assert page(cli, "2026-11-09")["proposals"] == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ("proposal add NOPE 'Plan'", "unknown order 'NOPE'"),
        ("proposal add L-1 'Plan' --on 2026-11-05", "was lost"),
        ("proposal add P-1 'Plan' --on 2026-11-05 --answer-by 2026-11-04", "before"),
        ("proposal add P-1 ' ' --on 2026-11-05", "empty"),
        ("proposal agreed 9 --on 2026-11-05", "unknown proposal 9"),
        ("proposal agreed 1 --on 2026-11-04", "before it was sent"),
        ("proposal declined 2 --on 2026-11-12", "answered already"),
    ],
)
def test_bad_proposals_are_one_line_and_change_nothing(
    cli, press_in_delivery, isolated, args, message
):
    cli("order lost 'Bouw BV' Crane --ref L-1 --on 2026-11-02")
    cli("proposal add P-1 'Start-up plan' --on 2026-11-05")
    cli("proposal add P-1 'Schedule' --on 2026-11-06")
    cli("proposal agreed 2 --on 2026-11-10")
    before = snapshot(isolated)
    result = cli(args, ok=False)
    assert result.exit_code == 1 and message in result.stderr, result.stderr
    assert result.stderr.count("\n") == 1
    assert snapshot(isolated) == before
