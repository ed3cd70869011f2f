"""The set-based facts agree with a plain reading of the rows, and ignore the future."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nasales.domain.vocabulary import KINDS, PERSONAL_KINDS
from nasales.store.customers import add_account, add_contact
from nasales.store.db import transaction
from nasales.store.facts import contacts_to_call, load_book, scope
from nasales.store.followup import log_touchpoint
from nasales.store.orders import add_hurdle, add_order, deliver_order

T = date(2026, 11, 27)
days = st.integers(min_value=-60, max_value=30).map(lambda n: T + timedelta(days=n))
touch = st.tuples(st.sampled_from(["A", "B"]), st.sampled_from(KINDS), days, st.booleans())


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(touches=st.lists(touch, max_size=25), signed=days.filter(lambda d: d <= T))
def test_facts_match_a_plain_reading(tmp_path_factory, touches, signed):
    db = str(tmp_path_factory.mktemp("facts") / "f.db")
    with transaction(db, write=True) as s:
        for name in ("A", "B"):
            add_account(s, name)
            add_order(s, name, "thing", "won", signed - timedelta(days=5), ref=f"O{name}")
        for account, kind, day, linked in touches:
            log_touchpoint(s, account, kind, day, f"O{account}" if linked else None)
    with transaction(db, write=False) as s:
        book = load_book(s, T)
    for name in ("A", "B"):
        mine = [(k, d, linked) for a, k, d, linked in touches if a == name and d <= T]
        personal = [d for k, d, _ in mine if k in PERSONAL_KINDS]
        agreements = [d for k, d, _ in mine if k == "agreement"]
        assert book.accounts[name].last_personal_contact == (max(personal) if personal else None)
        (order,) = [o for o in book.orders if o.account == name]
        assert order.last_agreement == (max(agreements) if agreements else None)


def test_everything_dated_after_the_day_is_ignored(tmp_path):
    db = str(tmp_path / "f.db")
    with transaction(db, write=True) as s:
        add_account(s, "A")
        add_contact(s, "A", "Ann", primary=False)
        add_order(s, "A", "now", "won", T - timedelta(days=3), ref="NOW")
        add_order(s, "A", "later", "won", T + timedelta(days=1), ref="LATER")
        log_touchpoint(s, "A", "call", T + timedelta(days=1), contact_name="Ann")
        add_hurdle(s, "NOW", "late part", T + timedelta(days=1))
        deliver_order(s, "NOW", T + timedelta(days=2))
    with transaction(db, write=False) as s:
        book = load_book(s, T)
        assert [o.ref for o in book.orders] == ["NOW"]
        assert book.orders[0].delivered_on is None  # delivery is still in the future
        assert book.accounts["A"].last_personal_contact is None
        assert book.hurdles == ()
        assert load_book(s, T + timedelta(days=2)).orders[0].delivered_on == T + timedelta(days=2)
        assert contacts_to_call(s, T)["A"]["name"] == "Ann"


def test_owner_filter_in_sql(tmp_path):
    db = str(tmp_path / "f.db")
    with transaction(db, write=True) as s:
        add_account(s, "A", owner="Eva")
        add_account(s, "B", owner="Piet")
        add_order(s, "A", "x", "won", T, ref="1")
        add_order(s, "B", "y", "won", T, ref="2")
    with transaction(db, write=False) as s:
        book = load_book(s, T, scope(s, "EVA"))
    assert list(book.accounts) == ["A"] and [o.ref for o in book.orders] == ["1"]
