"""The schedule equals PRODUCT.md §3 read a second time (reference.py, apart from the
playbook's code), item for item: key, due date, lateness and place in the list, on random
books and on the real CRM export in tests/data/crm-sample/ (touchpoints logged on top)."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from history import facts_at, histories
from nasales.domain.facts import Book
from nasales.store.db import transaction
from nasales.store.facts import load_book
from playbook.build import PB
from playbook.reference import schedule
from playbook.test_properties import books_and_days

pytestmark = pytest.mark.slow  # the schedule read a second time: random books, the CRM export

CRM = Path(__file__).parents[1] / "data" / "crm-sample" / "sales_pipeline.csv"


def listed(book: Book, today: date) -> list[tuple[str, date, int]]:
    return [(i.key, i.due, i.overdue_days) for i in PB.due_items(book, today)]


@settings(max_examples=300, deadline=None)
@given(books_and_days())
def test_random_books(case: tuple[Book, date]) -> None:
    book, today = case
    assert listed(book, today) == schedule(book, today)


@settings(max_examples=200, deadline=None)
@given(histories(), st.integers(0, 260))
def test_random_histories(case, offset: int) -> None:
    """Solved problems nobody told the customer about, problems said not to be discussed,
    deliveries that restart the relationship clock."""
    history, start = case
    today = start + timedelta(days=offset)
    book = facts_at(history, today)
    assert listed(book, today) == schedule(book, today)


@settings(max_examples=200, deadline=None)
@given(histories())
def test_on_the_days_around_a_delivery(case) -> None:
    """Before the after-delivery check is due, nothing else keeps a relationship call off
    the list: its clock restarts at the delivery (round 3)."""
    history, _start = case
    for o in history.orders:
        for n in range(-1, 4) if o.delivered_on else ():
            today = o.delivered_on + timedelta(days=n)  # type: ignore[operator]
            book = facts_at(history, today)
            assert listed(book, today) == schedule(book, today)


def test_the_crm_export(cli, isolated) -> None:
    maps = "opportunity_id=ref close_date=signed_on close_value=value deal_stage=status"
    args = ["import", "orders", str(CRM), "--skip-invalid"]
    for pair in [*maps.split(), "product=title", "sales_agent=owner"]:
        args += ["--map", pair]
    cli(args)
    with transaction(str(isolated), write=True) as db:  # every third won deal delivered
        db.execute(
            "UPDATE orders SET delivered_on = date(signed_on, '+' || (id % 60) || ' days') "
            "WHERE status = 'won' AND id % 3 = 0"
        )
    # some customers called, a few problems, one solved without telling the customer
    cli("log Conecom call --on 2017-06-01")
    cli("log Finjob visit --on 2017-11-20")
    cli("log Kan-code agreement --on 2017-12-01")
    cli("hurdle add WS9CXY7E 'late part' --on 2017-12-20")
    cli("hurdle resolve 1 --on 2017-12-21")
    compared = 0
    for day in ("2017-03-15", "2017-06-30", "2017-09-29", "2017-12-29", "2018-02-28"):
        today = date.fromisoformat(day)
        with transaction(str(isolated), write=False) as db:
            book = load_book(db, today)
        expected = schedule(book, today)
        assert listed(book, today) == expected, day
        compared += len(expected)
    assert compared > 1000
