"""The customer's mood as the doubt risk reads it from the store (PRODUCT.md §3): only from
customer-facing touchpoints (call, visit, meeting, agreement, e-mail) dated after the latest
agreement, which dissolves earlier doubt; an internal note never changes it. Through the
command line, on SQLite and on PostgreSQL (the same-day order is the order of logging)."""

import json

import pytest

ON = "2026-11-27"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_cli(request, cli):
    """`cli` on a fresh SQLite file, then on a scratch PostgreSQL database."""
    if request.param == "postgresql":
        cli = request.getfixturevalue("pg_cli")
    cli("account add 'Bouw BV' --owner Eva")
    cli("order won 'Bouw BV' 'Press line' --ref P-1 --on 2026-11-02")
    return cli


def mood(cli, on: str = ON) -> str | None:
    """The mood factor of the risk (None without one), checked against the risk itself."""
    page = json.loads(cli(["show", "Bouw BV", "--on", on, "--format", "json"]).stdout)
    assert page["risk"] == min(100, sum(f["points"] for f in page["why"]))
    found = [f for f in page["why"] if f["factor"] == "mood"]
    if not found:
        return None
    (factor,) = found
    word = factor["text"].split(": ", 1)[1].split(" (", 1)[0]
    assert 0 < factor["points"] <= {"doubt": 5, "negative": 8}[word]  # fading over 90 days
    return word


def test_a_worried_email_counts(db_cli):
    db_cli("log 'Bouw BV' email --on 2026-11-20 --mood doubt")
    assert mood(db_cli) == "doubt"
    assert mood(db_cli, "2026-11-19") is None  # not yet written


def test_an_internal_note_marked_positive_never_changes_the_mood(db_cli):
    db_cli("log 'Bouw BV' email --on 2026-11-20 --mood doubt")
    db_cli("log 'Bouw BV' note --on 2026-11-23 --mood positive --note 'they will be fine'")
    assert mood(db_cli) == "doubt"
    db_cli("log 'Bouw BV' note --on 2026-11-24 --mood negative")
    assert mood(db_cli) == "doubt"


def test_a_note_alone_has_no_mood(db_cli):
    db_cli("log 'Bouw BV' note --on 2026-11-20 --mood negative")
    assert mood(db_cli) is None


def test_the_latest_customer_facing_mood_counts(db_cli):
    db_cli("log 'Bouw BV' email --on 2026-11-20 --mood doubt")
    db_cli("log 'Bouw BV' visit --on 2026-11-23 --mood negative")
    assert mood(db_cli) == "negative"
    db_cli("log 'Bouw BV' call --on 2026-11-24 --mood positive")
    assert mood(db_cli) is None
    assert mood(db_cli, "2026-11-23") == "negative"  # as it was that day


def test_an_agreement_dissolves_earlier_doubt(db_cli):
    db_cli("log 'Bouw BV' email --on 2026-11-20 --mood doubt")
    db_cli("log 'Bouw BV' agreement --on 2026-11-23 --order P-1")
    assert mood(db_cli) is None
    assert mood(db_cli, "2026-11-22") == "doubt"


def test_an_agreement_logged_after_a_worried_email_the_same_day_dissolves_it(db_cli):
    db_cli("log 'Bouw BV' email --on 2026-11-23 --mood doubt")
    db_cli("log 'Bouw BV' agreement --on 2026-11-23")  # an agreement on no order counts too
    assert mood(db_cli) is None


def test_a_worried_email_after_an_agreement_the_same_day_counts(db_cli):
    db_cli("log 'Bouw BV' agreement --on 2026-11-23 --order P-1")
    db_cli("log 'Bouw BV' email --on 2026-11-23 --mood doubt")
    assert mood(db_cli) == "doubt"


def test_an_agreement_on_another_order_dissolves_it_too(db_cli):
    db_cli("order won 'Bouw BV' Crane --ref P-2 --on 2026-11-02")
    db_cli("log 'Bouw BV' meeting --on 2026-11-20 --mood negative")
    db_cli("proposal add P-2 'Schedule' --on 2026-11-20")
    db_cli("proposal agreed 1 --on 2026-11-24")  # logs the agreement
    assert mood(db_cli) is None


def test_of_two_moods_on_one_day_the_later_logged_counts(db_cli):
    db_cli("log 'Bouw BV' email --on 2026-11-23 --mood doubt")
    db_cli("log 'Bouw BV' call --on 2026-11-23 --mood positive")  # talked it through
    assert mood(db_cli) is None
    db_cli("log 'Bouw BV' visit --on 2026-11-24 --mood positive")
    db_cli("log 'Bouw BV' email --on 2026-11-24 --mood negative")
    assert mood(db_cli) == "negative"
