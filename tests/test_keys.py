"""Item keys in the user's language (PRODUCT.md §7, round 3): Dutch human output prints Dutch
prefixes, every command takes the keys of either language, JSON and CSV keep the English
keys, and a confirmation names an item as the list does (label and key)."""

import json
import re

import pytest

from nasales.domain.vocabulary import DUTCH_KEY_PREFIXES, REASONS, key_in, key_reason

ON = "2026-11-27"
NL = {"NASALES_LANG": "nl"}


def test_each_reason_has_one_dutch_prefix_and_both_read_back():
    assert set(DUTCH_KEY_PREFIXES) == set(REASONS)
    assert len(set(DUTCH_KEY_PREFIXES.values())) == len(REASONS)
    for reason, dutch in DUTCH_KEY_PREFIXES.items():
        assert key_reason(reason) == key_reason(dutch) == key_reason(f" {dutch.upper()} ") == reason
        assert key_in(f"{reason}:X-1", "nl") == f"{dutch}:X-1"
        assert key_in(f"{reason}:X-1", "en") == f"{reason}:X-1"
    assert key_reason("bel") is None and key_reason("") is None
    assert key_in("relationship:Van Dijk: Noord", "nl") == "relatie:Van Dijk: Noord"


@pytest.fixture
def book(cli):
    """Van Dijk (Eva's): won VD-1 on Fri 20 Nov, a problem on Wed 25 Nov, a promise due the
    27th; Meijer's ML-1 delivered on the 24th; Brouwer lost BB-1 on 6 Nov."""
    cli("account add 'Van Dijk' --owner Eva")
    cli("order won 'Van Dijk' Freesmachine --ref VD-1 --value 185000 --on 2026-11-20")
    cli("hurdle add VD-1 'Spindel te laat' --on 2026-11-25")
    cli("remind 'Van Dijk' 'Terugbellen over de spindel' --due 2026-11-27")
    cli("account add Meijer --owner Eva")
    cli("order won Meijer Heftrucks --ref ML-1 --on 2026-10-01")
    cli("log Meijer call --on 2026-10-02")
    cli("order delivered ML-1 --on 2026-11-24")
    cli("account add Brouwer --owner Eva --tier A")
    cli("order lost Brouwer Kraan --ref BB-1 --on 2026-11-06")
    return cli


def test_the_dutch_list_prints_dutch_keys_and_json_keeps_the_english(book):
    plain = book(["today", "--on", ON, "-f", "plain"], env=NL).stdout
    for shown in (
        "probleem [probleem:1]",
        "toezegging [toezegging:1]",
        "keuze bevestigen [bevestigen:VD-1]",
        "na levering [nalevering:ML-1]",
        "verloren order [verloren:BB-1]",
    ):
        assert shown in plain, plain
    assert not re.search(r"\b(hurdle|manual|confirm|post_delivery|lost_followup):", plain)
    table = book(["today", "--on", ON, "-f", "table"], env={**NL, "COLUMNS": "200"}).stdout
    assert "[probleem:1]" in table and "[hurdle:1]" not in table
    records = json.loads(book(["today", "--on", ON, "-f", "json"], env=NL).stdout)
    assert {r["key"] for r in records} == {
        "hurdle:1",
        "manual:1",
        "confirm:VD-1",
        "agreement:VD-1",
        "post_delivery:ML-1",
        "lost_followup:BB-1",
    }
    csv = book(["today", "--on", ON, "-f", "csv"], env=NL).stdout
    assert "hurdle:1," in csv and "probleem:1" not in csv
    english = book(["today", "--on", ON, "-f", "plain"]).stdout
    assert "problem [hurdle:1]" in english and "probleem:" not in english


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_command_takes_the_keys_of_either_language(book, lang):
    env = {"NASALES_LANG": lang}
    book("hand probleem:1 --to Piet --on 2026-11-27", env=env)
    book("snooze Verloren:BB-1 --until 2026-12-01", env=env)
    book("done bevestigen:VD-1 --on 2026-11-27", env=env)
    book("done toezegging:1 --on 2026-11-27", env=env)
    book("done nalevering:ML-1 --on 2026-11-27", env=env)
    book("done Instemming:VD-1 --on 2026-11-27", env=env)
    records = json.loads(book(["today", "--on", ON, "-f", "json"]).stdout)
    assert records == []  # the problem too: the call about the promise counts for it
    logged = book(["export", "touchpoints"]).stdout
    assert logged.count(",call,2026-11-27,") == 3 and ",agreement,2026-11-27,VD-1," in logged
    assert book("snooze instemming:VD-1 --until 2026-12-01", env=env).exit_code == 0
    assert book("snooze 'relatie:van dijk' --until 2026-12-01", env=env).exit_code == 0


def test_confirmations_name_the_item_as_the_list_does(book):
    assert book("hand probleem:1 --to Piet --on 2026-11-27", env=NL).stdout == (
        "probleem [probleem:1] overgedragen aan Piet\n"
    )
    assert book("snooze verloren:BB-1 --until 1-12-2026", env=NL).stdout == (
        "verloren order [verloren:BB-1] uitgesteld tot 01-12-2026\n"
    )
    assert book("done confirm:VD-1 --on 2026-11-27", env=NL).stdout == (
        "telefoongesprek vastgelegd op 27-11-2026: keuze bevestigen [bevestigen:VD-1]\n"
    )
    assert book("remind Meijer 'Offerte sturen' --due 2026-12-01", env=NL).stdout == (
        "toezegging:2\n"
    )
    done = book("done Meijer --on 2026-11-27", env=NL).stdout
    assert "afgehandeld: na levering [nalevering:ML-1]" in done
    english = book("hand nalevering:ML-1 --to Piet --on 2026-11-27").stdout
    assert english == "handed after delivery [post_delivery:ML-1] to Piet\n"


def test_a_wrong_key_is_explained_with_keys_of_the_language(book):
    refused = book("done probleem:x", ok=False, env=NL)
    assert refused.exit_code == 1
    assert refused.stderr == "nasales: ongeldige code 'probleem:x': na probleem: hoort een nummer\n"
    neither = book("done 'Van Dijkk'", ok=False, env=NL).stderr
    assert "(zoals bevestigen:REF of toezegging:4)" in neither


def test_show_and_the_pipeline_print_dutch_keys(book):
    book("done bevestigen:VD-1 --on 2026-11-27 --next 'Tweede machine'")
    shown = book(["show", "Van Dijk", "--on", ON], env=NL).stdout
    assert "toezegging:1 Terugbellen over de spindel" in shown
    assert "via bevestigen:VD-1: Tweede machine" in shown
    assert "manual:" not in shown and "confirm:" not in shown
    pipeline = book(["pipeline", "--on", ON, "-f", "plain"], env=NL).stdout
    assert "via bevestigen:VD-1" in pipeline
    as_json = json.loads(book(["show", "Van Dijk", "--on", ON, "-f", "json"], env=NL).stdout)
    assert as_json["promises"][0]["key"] == "manual:1"
    assert as_json["opportunities"][0]["source"] == "confirm:VD-1"


def test_the_calendar_names_its_categories_in_the_language(book):
    from icalendar import Calendar

    for lang, expected in (("nl", "probleem"), ("en", "problem")):
        ics = book(["calendar", "--on", ON], env={"NASALES_LANG": lang}).stdout_bytes
        events = Calendar.from_ical(ics).walk("VEVENT")
        categories = {str(e["categories"].cats[0]) for e in events}
        assert expected in categories, categories
        assert not categories & set(REASONS) - {"proposal"}
        if lang == "nl":
            assert any("nasales done probleem:1" in str(e["description"]) for e in events)


def test_a_key_to_type_is_quoted_for_the_shell():
    """`nasales done 'relatie:De Vries Kunststoffen'`: the hint can be pasted as it is."""
    from datetime import date, datetime

    from nasales import i18n
    from nasales.domain.playbook import Item
    from nasales.output.calls import CallList
    from nasales.transfer.calendar import call_event

    day = date(2026, 11, 27)
    item = Item(
        "relationship:De Vries Kunststoffen",
        "relationship",
        "De Vries Kunststoffen",
        day,
        detail={"lost_only": False, "contacted": False, "tier": "A", "anchor": day},
    )
    i18n.activate("nl")
    event = call_event(item, CallList("", day, [item], []), datetime(2026, 11, 27))
    assert "Gedaan? nasales done 'relatie:De Vries Kunststoffen'" in str(event["description"])


def test_a_persons_data_names_a_handed_item_by_its_dutch_key(book):
    book("contact add 'Van Dijk' 'Sanne van Dijk' --email sanne@vandijk.example")
    book(["hand", "hurdle:1", "--to", "Piet", "--note", "mail sanne@vandijk.example", "--on", ON])
    shown = book(["contact", "export", "Sanne van Dijk"], env=NL).stdout
    assert "actiepunt: probleem:1" in shown and "hurdle:1" not in shown
