"""The capture engine at unit level: placing records on the book (E.164 numbers, addresses,
account domains, free mail, colleagues), the domains, who made it, the reader API with its
state (what the mail readers plug into), and reading a call log's times and durations."""

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from nasales.domain.capture import Directory, Hit, clean_domain, domains_in
from nasales.errors import Invalid
from nasales.transfer.capture import Bad, Record, Window
from nasales.transfer.capture.calllog import seconds as _seconds
from nasales.transfer.capture.calllog import when as _when
from nasales.transfer.capture.engine import By, Options, capture, source_key
from nasales.zones import country_zone

BOOK = Directory(
    contacts=[
        (1, 10, "06 1234 5678", "Sanne@VanDijk.example"),
        (2, 11, "+31 20 123 4567 / 06-22334455", None),
        (3, 12, "0031 6 1234 5678", "joop@gmail.com"),
        (4, 13, None, "a@x.nl; b@x.nl"),
    ],
    account_domains=[(10, "vandijk.example"), (11, "bouw.nl bouwgroep.nl")],
    own_domains=["mijnbedrijf.nl"],
)


def test_a_call_is_placed_by_its_number_in_any_form():
    assert BOOK.place_call(["+31612345678"]).hits == [Hit(10, 1), Hit(12, 3)]
    assert BOOK.place_call(["0622334455"]).hits == [Hit(11, 2)]  # the second number there
    assert BOOK.place_call(["020-1234567"]).hits == [Hit(11, 2)]
    placed = BOOK.place_call(["0611111111", "anonymous", "", "201"])
    assert (placed.hits, placed.unknown) == ([], ["+31611111111"])


def test_people_are_placed_by_address_then_by_domain():
    assert BOOK.place_people(["sanne@vandijk.example"]).hits == [Hit(10, 1)]
    assert BOOK.place_people(["b@x.nl"]).hits == [Hit(13, 4)]  # a second address of a contact
    assert BOOK.place_people(["jan@sales.bouwgroep.nl"]).hits == [Hit(11, None)]
    # by domain, then the contact found at that account takes the place
    assert BOOK.place_people(["info@vandijk.example", "sanne@vandijk.example"]).hits == [Hit(10, 1)]
    assert BOOK.place_people(["joop@gmail.com"]).hits == [Hit(12, 3)]
    placed = BOOK.place_people(["else@gmail.com", "eva@mijnbedrijf.nl"])
    assert (placed.hits, placed.unknown, placed.skip) == ([], ["else@gmail.com"], None)


def test_colleagues_only_is_internal_and_a_declined_contact_is_declined():
    assert BOOK.place_people(["eva@mijnbedrijf.nl", "jan@nl.mijnbedrijf.nl"]).skip == "internal"
    assert BOOK.place_people([]).skip == "internal"
    declined = BOOK.place_people(["sanne@vandijk.example"], ["sanne@vandijk.example"])
    assert (declined.hits, declined.skip) == ([], "declined")
    other = BOOK.place_people(["sanne@vandijk.example", "b@x.nl"], ["sanne@vandijk.example"])
    assert (other.hits, other.skip) == ([Hit(13, 4)], None)


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("Bouw.NL", "bouw.nl"), ("@bouw.nl.", "bouw.nl"), ("bücher.de", "xn--bcher-kva.de")],
)
def test_a_domain_is_stored_lowercase_in_its_ascii_form(typed, stored):
    assert clean_domain(typed) == stored


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("jan@bouw.nl", "is not a domain"),
        ("https://bouw.nl", "is not a domain"),
        ("bouw", "is not an e-mail domain"),
        ("bouw..nl", "is not an e-mail domain"),
        ("-bouw.nl", "is not an e-mail domain"),
        ("bouw.123", "is not an e-mail domain"),
        ("bo uw.nl", "is not an e-mail domain"),
        ("hotmail.com", "is a free-mail domain"),
        ("ZIGGO.NL", "is a free-mail domain"),
    ],
)
def test_what_is_no_company_domain_is_refused(typed, why):
    with pytest.raises(Invalid, match=why):
        clean_domain(typed)


def test_domains_in_one_cell():
    assert domains_in("bouw.nl, Bouwgroep.nl;bouw.nl  x.be") == ["bouw.nl", "bouwgroep.nl", "x.be"]
    assert domains_in("") == []


def test_who_made_it():
    by = By.parse(["201=Eva", "Piet", "jan@x.nl=Jan"])
    assert by.of("201", "Owner") == "Eva"
    assert by.of("JAN@X.NL", None) == "Jan"
    assert by.of("202", "Owner") == "Piet"  # the default for the rest
    assert By.parse([]).of("202", "Owner") == "202"
    assert By.parse([]).of(None, "Owner") == "Owner"


def test_the_country_gives_the_zone():
    assert str(country_zone("NL")) == "Europe/Amsterdam"
    assert str(country_zone("be")) == "Europe/Brussels"
    assert country_zone("XX") is UTC


@pytest.mark.parametrize(
    ("text", "when"),
    [
        ("2026-11-03 10:15:00", datetime(2026, 11, 3, 10, 15)),
        ("2026-11-03T10:15:00Z", datetime(2026, 11, 3, 10, 15, tzinfo=UTC)),
        ("2026-11-03T10:15:00+01:00", datetime(2026, 11, 3, 9, 15, tzinfo=UTC)),
        ("3-11-2026 10:15", datetime(2026, 11, 3, 10, 15)),
        ("03/11/2026 10.15.30", datetime(2026, 11, 3, 10, 15, 30)),
        ("03-11-2026", date(2026, 11, 3)),
        ("1793700000", datetime(2026, 11, 3, 10, 0, tzinfo=UTC)),
        ("31-02-2026 10:00", None),
        ("soon", None),
        ("", None),
    ],
)
def test_a_calls_start_as_call_logs_write_it(text, when):
    found = _when(text)
    if isinstance(found, datetime) and found.tzinfo is not None:
        assert found.astimezone(UTC) == when
    else:
        assert found == when


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("312", 312), ("312.7", 312), ("5:12", 312), ("0:05:12", 312), ("1:00:00", 3600), ("", None)],
)
def test_talk_time_as_call_logs_write_it(text, seconds):
    assert _seconds(text) == seconds


def test_a_talk_time_that_is_no_duration_is_refused():
    for text in ("ANSWERED", "-5", "1e99"):
        with pytest.raises(ValueError, match="cannot read the duration"):
            _seconds(text)


def test_the_stored_key_is_a_hash_that_holds_no_address():
    record = Record("mail", "<CAF=x@mail.example.com>", date(2026, 11, 3), "email")
    key = source_key(record)
    assert len(key) == 32 and "example" not in key and "@" not in key
    assert key != source_key(Record("calendar", record.key, record.day, "meeting"))


# -- the reader API, as the mail readers use it --------------------------------------------


@pytest.fixture
def db(cli, isolated):
    cli("account add 'Van Dijk' --owner Eva")
    cli("contact add 'Van Dijk' Sanne --email sanne@vandijk.example")
    from nasales.store.db import transaction

    def open_db(write=True):  # type: ignore[no-untyped-def]
        return transaction(str(isolated), write=write)

    return open_db


def incremental_reader(messages: list[tuple[int, str]]):  # type: ignore[no-untyped-def]
    """A reader of a source with UIDs, like an IMAP folder: only what is after the last UID
    its state remembers, and the state moved on as it reads."""

    def read(state: dict[str, str]) -> Iterator[Record | Bad]:
        last = int(state.get("last_uid", "0"))
        for uid, sender in messages:
            if uid <= last:
                continue
            state["last_uid"] = str(uid)
            if sender == "broken":
                yield Bad(f"UID {uid}", "no From header")
                continue
            yield Record("mail", f"<m{uid}@x>", date(2026, 11, uid), "email", addresses=(sender,))

    return read


def test_a_readers_state_is_kept_between_captures_and_not_by_a_dry_run(db):
    messages = [(1, "sanne@vandijk.example"), (2, "broken"), (3, "x@unknown.nl")]
    options = Options(on=date(2026, 11, 27))
    with db() as d:
        dry = capture(
            d,
            incremental_reader(messages),
            "INBOX",
            Options(on=date(2026, 11, 27), dry_run=True),
            "imaps://eva@host/INBOX",
        )
    assert (dry.read, dry.logged, dry.bad_count, dry.unplaced) == (3, 1, 1, 1)
    with db() as d:
        first = capture(d, incremental_reader(messages), "INBOX", options, "imaps://eva@host/INBOX")
    assert (first.read, first.logged) == (3, 1)
    messages.append((4, "sanne@vandijk.example"))
    with db() as d:
        second = capture(
            d, incremental_reader(messages), "INBOX", options, "imaps://eva@host/INBOX"
        )
    assert (second.read, second.logged, second.already) == (1, 1, 0)  # only the new one
    with db(write=False) as d:
        from nasales.store.capture import load_state

        assert load_state(d, "imaps://eva@host/INBOX") == {"last_uid": "4"}
        assert load_state(d, "imaps://eva@host/Sent") == {}


def test_a_whole_capture_reads_the_source_again_and_logs_nothing_twice(db):
    """--unknown on a mailbox: the reader starts afresh, every unknown address is counted,
    nothing is logged twice, and the state is kept as after any capture."""
    messages = [(1, "sanne@vandijk.example"), (2, "x@unknown.nl"), (3, "y@unknown.nl")]
    options = Options(on=date(2026, 11, 27))
    with db() as d:
        capture(d, incremental_reader(messages), "INBOX", options, "imaps://eva@host/INBOX")
    messages.append((4, "z@unknown.nl"))
    with db() as d:
        whole = capture(
            d, incremental_reader(messages), "INBOX", options, "imaps://eva@host/INBOX", whole=True
        )
    assert (whole.read, whole.logged, whole.already, whole.unplaced) == (4, 0, 1, 3)
    assert sorted(whole.unknown) == ["x@unknown.nl", "y@unknown.nl", "z@unknown.nl"]
    with db() as d:
        after = capture(d, incremental_reader(messages), "INBOX", options, "imaps://eva@host/INBOX")
    assert after.read == 0


def test_a_record_after_t_is_future_whatever_the_reader_says(db):
    def read(state: dict[str, str]) -> Iterator[Record | Bad]:
        yield Record(
            "mail", "<a@x>", date(2026, 11, 28), "email", addresses=("sanne@vandijk.example",)
        )

    with db() as d:
        summary = capture(d, read, "x", Options(on=date(2026, 11, 27)))
    assert (summary.logged, dict(summary.skipped)) == (0, {"future": 1})


def test_the_window_tells_a_reader_what_it_needs():
    window = Window(date(2026, 11, 27), timezone(timedelta(hours=1)), "BE")
    assert (window.until, window.country, window.progress) == (date(2026, 11, 27), "BE", None)


def test_deciding_what_is_new_seeks_indexes(db):
    """No scan of the touchpoints: what was captured is found by its key, what was typed by
    the account's day."""
    from nasales.store.capture import ALREADY, TWICE, TYPED, Staging

    with db() as d:
        Staging(d)
        d.execute("CREATE INDEX ix_capture_staging ON capture_staging (account_id, source_key, n)")
        for statement, index in (
            (ALREADY, "ux_touchpoint_source"),
            (TWICE, "ix_capture_staging"),
            (TYPED, "ix_touchpoint_account_date"),
        ):
            steps = [row[3] for row in d.all(f"EXPLAIN QUERY PLAN {statement}")]
            searches = [
                s for s in steps if s.startswith(("SEARCH t ", "SEARCH d ", "SCAN t", "SCAN d"))
            ]
            assert len(searches) == 1 and f"INDEX {index} (" in searches[0], steps


# -- numbers without parsing agree with phonenumbers ------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PREFIXES = ["", "0", "00", "+", "+31", "0031", "06", "+32", "0032", "+49", "+44", "0044",
            "(0)", "+31 (0)", "0031(0)", "(020) ", "+1 ", "1", "31", "011"]  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(
    st.sampled_from(PREFIXES),
    st.sampled_from(["", " ", "-", ".", "/"]),
    st.text("0123456789", min_size=3, max_size=14),
    st.sampled_from(["NL", "BE", "DE", "GB", "FR", "US", "IT"]),
)
def test_a_number_read_without_parsing_is_what_phonenumbers_reads(prefix, sep, digits, country):
    from nasales.domain.phones import canonical, e164

    number = prefix + sep + digits
    assert canonical.__wrapped__(number, country) == e164(number, country)
