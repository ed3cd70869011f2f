"""GDPR erasure touches exactly the person: not another person whose name holds theirs, not
a word that starts like it; their phone number in any written form."""

import json

import pytest

import realproc as rp
from nasales.domain.mentions import Mentions
from snapshot import snapshot


@pytest.fixture
def acme_with_two_jans(cli, isolated):
    """Acme knows `Jan` and `Jan Jansen`; texts name the one, the other, and neither."""
    cli("account add Acme --owner Eva")
    cli("contact add Acme Jan --phone '+31 6 9999 8888' --email jan@acme.example")
    cli("contact add Acme 'Jan Jansen' --email marie.jan@acme.example")
    cli("order won Acme Jan-machine --ref O1 --on 2026-11-02")
    log = "log Acme call --on 2026-11-03"
    cli(f"{log} --contact 'Jan Jansen' --note 'Jan Jansen: delivery in January'")
    cli(f"{log} --contact Jan --note 'prima gesprek'")
    cli(f"{log} --note 'Jan belt vrijdag terug'")
    cli(f"{log} --note 'mail naar marie.jan@acme.example gestuurd'")
    cli(f"{log} --note 'Jan-Willem van inkoop, levering 5 jan. 2027'")
    cli(["account", "set", "Acme", "--notes", "Jansen from finance; Jan's idea; O'Jan"])
    cli("remind Acme 'bel Jan Jansen over de planning' --due 2026-11-20")
    return isolated


def _notes(db) -> list[str]:
    return [note for (note,) in rp.query(db, "SELECT note FROM touchpoint ORDER BY id")]


def test_forget_leaves_another_person_whose_name_holds_theirs(cli, acme_with_two_jans):
    db = acme_with_two_jans
    cli("contact forget Jan --account Acme --yes")
    assert _notes(db) == [
        "Jan Jansen: delivery in January",  # the other Jan
        "prima gesprek",  # a talk with him that does not name him: kept, unlinked
        "[erased] belt vrijdag terug",  # a note on no one names him: only the mention goes
        "mail naar marie.jan@acme.example gestuurd",  # a longer address is someone else's
        "Jan-Willem van inkoop, levering 5 jan. 2027",  # another name; January
    ]
    assert rp.query(db, "SELECT title FROM orders") == [("Jan-machine",)]
    assert rp.query(db, "SELECT notes FROM account") == [
        ("Jansen from finance; [erased]'s idea; O'Jan",)
    ]
    assert rp.query(db, "SELECT text FROM reminder") == [("bel Jan Jansen over de planning",)]
    assert rp.query(db, "SELECT name FROM contact") == [("Jan Jansen",)]
    linked = rp.query(db, "SELECT note FROM touchpoint WHERE contact_id IS NOT NULL")
    assert linked == [("Jan Jansen: delivery in January",)]


def test_forget_the_longer_name_leaves_the_shorter_one(cli, acme_with_two_jans):
    db = acme_with_two_jans
    cli("contact forget 'Jan Jansen' --yes")
    assert _notes(db)[0] == ""
    assert _notes(db)[2] == "Jan belt vrijdag terug"
    assert rp.query(db, "SELECT text FROM reminder") == [("bel [erased] over de planning",)]
    assert rp.query(db, "SELECT name FROM contact") == [("Jan",)]


def test_an_initial_makes_another_person(cli, isolated):
    cli("account add Bouw")
    cli("contact add Bouw Jansen")
    cli("contact add Bouw 'P. Jansen'")
    cli("log Bouw note --on 2026-11-03 --note 'P. Jansen tekent, Jansen twijfelt'")
    cli("log Bouw note --on 2026-11-03 --note 'P.Jansen belt'")
    cli("contact forget Jansen --account Bouw --yes")
    assert _notes(isolated) == ["P. Jansen tekent, [erased] twijfelt", "P.Jansen belt"]
    held = json.loads(cli("contact export 'P. Jansen' --format json").stdout)
    assert [t["note"] for t in held["touchpoints"]] == [
        "P. Jansen tekent, [erased] twijfelt",
        "P.Jansen belt",
    ]


def test_the_account_manager_and_a_company_are_not_the_contact(cli, isolated):
    cli("account add 'Jan Bakker BV' --owner 'Jan Smit'")
    cli("contact add 'Jan Bakker BV' Jan")
    cli("log 'Jan Bakker BV' note --on 2026-11-03 --note 'Jan Smit gaat langs bij Jan Bakker BV'")
    held = json.loads(cli("contact export Jan --format json").stdout)
    assert held["touchpoints"] == []
    cli("contact forget Jan --yes")
    assert _notes(isolated) == ["Jan Smit gaat langs bij Jan Bakker BV"]


def test_forget_with_yes_lists_what_it_changed_without_repeating_it(cli, acme_with_two_jans):
    out = cli("contact forget Jan --account Acme --yes").stdout
    assert out.splitlines() == [
        "erased 1 contact record(s); unlinked 1 touchpoint(s); erased 0 note(s); "
        "redacted 2 other text(s)",
        "  2026-11-03 call Acme: no longer linked to them",
        "  2026-11-03 call Acme: note now [erased] belt vrijdag terug",
        "  account notes (account: Acme): now Jansen from finance; [erased]'s idea; O'Jan",
        "  contact record at Acme: deleted",
    ]


def test_forget_shows_each_change_on_a_terminal_before_asking(acme_with_two_jans):
    db = acme_with_two_jans
    args = ["contact", "forget", "Jan", "--account", "Acme"]
    code, seen = rp.on_a_terminal(db, args, b"[y/N]: ", [b"n\n"])
    assert code == 1
    assert "This erases Jan at Acme, changing exactly these records:" in seen
    assert "2026-11-03 call Acme: note Jan belt vrijdag terug → [erased] belt vrijdag terug" in seen
    assert (
        "account notes (account: Acme): Jansen from finance; Jan's idea; O'Jan → "
        "Jansen from finance; [erased]'s idea; O'Jan" in seen
    )
    assert "contact record Jan at Acme: deleted" in seen
    assert "Jan-machine" not in seen and "Jan Jansen" not in seen
    assert rp.query(db, "SELECT count(*) FROM contact") == [(2,)]


NUMBER_FORMS = ("06-99998888", "0031 6 9999 8888", "+31 (0)6 9999 8888", "0699998888")


@pytest.mark.parametrize("written", NUMBER_FORMS)
def test_the_number_in_any_written_form_is_exported_and_erased(cli, isolated, written):
    cli("account add Acme")
    cli("contact add Acme 'Anna de Wit' --phone '+31 6 9999 8888'")
    cli(["log", "Acme", "call", "--on", "2026-11-03", "--note", f"Anna belde vanaf {written}"])
    cli(["log", "Acme", "call", "--on", "2026-11-03", "--note", "collega: 06-99998889"])
    cli(["hurdle", "add", cli("order won Acme X --on 2026-11-02").stdout.strip(), f"bel {written}"])
    held = json.loads(cli("contact export 'Anna de Wit' --format json").stdout)
    assert [t["note"] for t in held["touchpoints"]] == [f"Anna belde vanaf {written}"]
    assert [h["description"] for h in held["hurdles"]] == [f"bel {written}"]
    cli("contact forget 'Anna de Wit' --yes")
    assert _notes(isolated) == ["Anna belde vanaf [erased]", "collega: 06-99998889"]
    assert rp.query(isolated, "SELECT description FROM hurdle") == [("bel [erased]",)]
    raw = b"".join(p.read_bytes() for p in isolated.parent.glob(f"{isolated.name}*"))
    assert written.encode() not in raw


def test_national_numbers_are_read_in_the_configured_country(cli, isolated, settings_file):
    settings_file('country = "BE"\n')
    cli("account add Gent")
    cli("contact add Gent Lies --phone '+32 470 12 34 56'")
    cli("log Gent call --on 2026-11-03 --note 'gsm 0470 12 34 56'")
    held = json.loads(cli("contact export Lies --format json").stdout)
    assert [t["note"] for t in held["touchpoints"]] == ["gsm 0470 12 34 56"]
    settings_file('country = "NL"\n')  # 0470… is then a Dutch number
    held = json.loads(cli("contact export Lies --format json").stdout)
    assert held["touchpoints"] == []


# -- the rules, unit by unit (domain/mentions.py) ------------------------------------------


def _jan(others=("Jan Jansen", "P. Jan", "Jan Smit")) -> Mentions:
    return Mentions(["jan@acme.example"], ["06 9999 8888"], {1: ["Jan"]}, others)


@pytest.mark.parametrize(
    ("text", "erased"),
    [
        ("Jan belt", "[erased] belt"),
        ("JAN belt", "[erased] belt"),
        ("met Jan.", "met [erased]."),
        ("Jan's plan", "[erased]'s plan"),
        ("Jan’s plan", "[erased]’s plan"),
        ("Jan Jansen belt", "Jan Jansen belt"),
        ("jan  jansen belt", "jan  jansen belt"),
        ("P. Jan belt, Jan niet", "P. Jan belt, [erased] niet"),
        ("Jan-machine", "Jan-machine"),
        ("de Jan-Willem", "de Jan-Willem"),
        ("O'Jan", "O'Jan"),
        ("Jansen", "Jansen"),
        ("5 jan. 2027", "5 jan. 2027"),
        ("Januari", "Januari"),
        ("mail jan@acme.example.", "mail [erased]."),
        ("mail JAN@ACME.EXAMPLE", "mail [erased]"),
        ("mail marie.jan@acme.example", "mail marie.jan@acme.example"),
        ("mail jan@acme.example.org", "mail jan@acme.example.org"),
        ("bel +31 (0)6 9999 8888 of 06-99998889", "bel [erased] of 06-99998889"),
        ("bel 06 99 99 88 88", "bel [erased]"),
        ("order 0699998888123", "order 0699998888123"),
    ],
)
def test_what_names_the_person(text, erased):
    assert _jan().redact(text, 1) == erased
    assert _jan().names_in(text, 1) is (erased != text)


def test_a_name_counts_only_at_the_persons_account():
    assert not _jan().names_in("Jan belt", 2)
    assert _jan().names_in("jan@acme.example", 2)  # an address or number: anywhere


def test_a_lowercase_name_is_matched_as_typed():
    lowercase = Mentions([], [], {1: ["jan"]}, [])
    assert lowercase.redact("jan belt", 1) == "[erased] belt"
    two_words = Mentions([], [], {1: ["Jan de Vries"]}, [])
    assert two_words.redact("jan de vries belt", 1) == "[erased] belt"


# -- one person, and only their mention in other people's notes (review of round 3) --------


@pytest.fixture
def two_jans_at_two_companies(cli, isolated):
    cli("account add Acme")
    cli("account add Beta")
    cli("contact add Acme Jan --email jan@acme.example")
    cli("contact add Beta Jan")
    cli("log Acme call --on 2026-11-03 --contact Jan --note 'Jan twijfelt'")
    cli("log Beta call --on 2026-11-03 --contact Jan --note 'Jan is tevreden'")
    return isolated


def test_forget_never_erases_several_people_at_once(cli, two_jans_at_two_companies):
    db = two_jans_at_two_companies
    before = snapshot(db)
    result = cli("contact forget Jan --yes", ok=False)
    assert (result.exit_code, result.stderr.count("\n")) == (1, 1)
    assert result.stderr == (
        "nasales: 'Jan' matches 2 contacts: Jan at Acme (jan@acme.example); Jan at Beta; name "
        "one with --account ACCOUNT or by its e-mail address; nothing was erased\n"
    )
    assert snapshot(db) == before
    code, seen = rp.on_a_terminal(db, ["contact", "forget", "Jan"], b"erased", [])
    assert code == 1 and "Jan at Beta" in seen and "[y/N]" not in seen
    assert snapshot(db) == before
    cli("contact forget Jan --account Beta --yes")
    assert rp.query(
        db, "SELECT a.name, c.name FROM contact c JOIN account a ON a.id = c.account_id"
    ) == [("Acme", "Jan")]
    assert _notes(db) == ["Jan twijfelt", ""]


def test_another_contacts_note_loses_only_the_mention(cli, isolated):
    cli("account add Acme --owner Piet")
    cli("contact add Acme Jan")
    cli("contact add Acme 'Jan Jansen'")
    cli("contact add Acme Piet")
    note = "Jan Jansen: levering in januari; Jan was er ook bij; factuur 12.500 akkoord"
    cli(["log", "Acme", "call", "--on", "2026-11-03", "--contact", "Jan Jansen", "--note", note])
    visit = "Piet (our account manager) will visit; Marie Smit from service joins"
    cli(["log", "Acme", "note", "--on", "2026-11-04", "--note", visit])
    out = cli("contact forget Jan --account Acme --yes").stdout
    assert "2026-11-03 call Acme: note now Jan Jansen: levering in januari; [erased] was" in out
    cli("contact forget Piet --account Acme --yes")
    assert _notes(isolated) == [
        "Jan Jansen: levering in januari; [erased] was er ook bij; factuur 12.500 akkoord",
        "[erased] (our account manager) will visit; Marie Smit from service joins",
    ]
    linked = rp.query(
        isolated, "SELECT c.name FROM touchpoint t JOIN contact c ON c.id = t.contact_id"
    )
    assert linked == [("Jan Jansen",)]


def test_the_plan_redacts_others_notes_and_erases_notes_on_a_talk_with_them(cli, isolated):
    from nasales.store.db import Location, connect
    from nasales.store.people import find_person, one_person, plan

    cli("account add Acme")
    cli("contact add Acme Jan")
    cli("contact add Acme Els")
    cli("log Acme call --on 2026-11-03 --contact Jan --note 'Jan twijfelt'")
    cli("log Acme call --on 2026-11-03 --contact Els --note 'Els en Jan akkoord'")
    cli("log Acme call --on 2026-11-03 --contact Jan --note 'prima'")
    db = connect(Location(path=isolated))
    try:
        person = one_person(find_person(db, "Jan"), "Jan")
        changes = [(c.what, c.id, c.before, c.after) for c in plan(db, person)]
        jan = person.contact_ids[0]
    finally:
        db.conn.close()
    assert changes == [
        ("unlink", 1, "", ""),
        ("note", 1, "Jan twijfelt", ""),
        ("redact", 2, "Els en Jan akkoord", "Els en [erased] akkoord"),
        ("unlink", 3, "", ""),
        ("contact", jan, "Jan", ""),
    ]
