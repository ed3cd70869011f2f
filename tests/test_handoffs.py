"""Hand-offs through the command line, at the edges the rules hold (tests/playbook/
test_handoff.py): a hand-off dated after the day, two on one day, the next occurrence."""

import json


def calls(cli, on: str, *args: str) -> list[tuple[str, str | None]]:
    found = json.loads(cli(["today", "--on", on, "--format", "json", *args]).stdout)
    return [(c["key"], c["handed_to"]) for c in found]


def touchpoints(cli, on: str) -> list[tuple[str, str]]:
    page = json.loads(cli(["show", "Bouw BV", "--on", on, "--format", "json"]).stdout)
    return [(t["date"], t["by"]) for t in page["touchpoints"]]


def test_a_hand_off_dated_after_the_day_asked_about_is_ignored(cli, press_in_delivery):
    cli("hand agreement:P-1 --to Piet --on 2026-11-10")
    assert calls(cli, "2026-11-09") == [("agreement:P-1", None)]
    assert calls(cli, "2026-11-09", "--for", "Piet") == []
    assert calls(cli, "2026-11-10", "--for", "Piet") == [("agreement:P-1", "Piet")]


def test_of_two_hand_offs_on_one_day_the_later_one_holds(cli, press_in_delivery):
    cli("hand agreement:P-1 --to Piet --on 2026-11-09")
    cli("hand agreement:P-1 --to Anna --on 2026-11-09")  # changed her mind
    assert calls(cli, "2026-11-09") == [("agreement:P-1", "Anna")]
    assert calls(cli, "2026-11-09", "--for", "Piet") == []
    cli("done agreement:P-1 --on 2026-11-10")
    assert touchpoints(cli, "2026-11-10")[-1] == ("2026-11-10", "Anna")


def test_done_on_the_next_occurrence_is_the_owners_call(cli, press_in_delivery):
    cli("hand agreement:P-1 --to Piet --on 2026-11-09")
    cli("done agreement:P-1 --on 2026-11-10")  # Piet's: logged by him
    assert calls(cli, "2026-11-17") == [("agreement:P-1", None)]  # the next moment: Eva's
    cli("done agreement:P-1 --on 2026-11-17")
    assert touchpoints(cli, "2026-11-17") == [
        ("2026-11-02", "Eva"),
        ("2026-11-10", "Piet"),
        ("2026-11-17", "Eva"),
    ]
