"""Working days (PRODUCT.md §3): Monday–Friday that are not holidays of the country."""

from datetime import date, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasales.domain.workdays import WorkingDays

NL = WorkingDays()
NL_HOLIDAYS = holidays.country_holidays("NL")

days = st.dates(min_value=date(2020, 1, 1), max_value=date(2032, 12, 31))


def d(text: str) -> date:
    return date.fromisoformat(text)


# -- is_working_day ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    ["2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26", "2026-11-27"],
)
def test_ordinary_weekdays_are_working_days(day: str) -> None:
    assert NL.is_working_day(d(day))


@pytest.mark.parametrize("day", ["2026-11-28", "2026-11-29", "2025-05-03", "2025-05-04"])
def test_weekends_are_not_working_days(day: str) -> None:
    assert not NL.is_working_day(d(day))


@pytest.mark.parametrize(
    ("day", "name"),
    [
        ("2025-12-25", "Christmas Day (Thursday)"),
        ("2025-12-26", "Second Day of Christmas (Friday)"),
        ("2026-12-25", "Christmas Day (Friday)"),
        ("2024-12-25", "Christmas Day (Wednesday)"),
        ("2024-12-26", "Second Day of Christmas (Thursday)"),
        ("2025-01-01", "New Year (Wednesday)"),
        ("2026-01-01", "New Year (Thursday)"),
        ("2027-01-01", "New Year (Friday)"),
        ("2025-04-21", "Easter Monday"),
        ("2026-04-06", "Easter Monday"),
        ("2026-04-03", "Good Friday"),
        ("2026-04-27", "King's Day (Monday)"),
        ("2027-04-27", "King's Day (Tuesday)"),
        ("2026-05-14", "Ascension Day"),
        ("2026-05-25", "Whit Monday"),
        ("2025-05-05", "Liberation Day (lustrum year)"),
    ],
)
def test_nl_holidays_on_weekdays_are_not_working_days(day: str, name: str) -> None:
    assert d(day).weekday() < 5, name
    assert not NL.is_working_day(d(day)), name


def test_kings_day_2025_falls_on_saturday_26_april() -> None:
    # 27 April 2025 is a Sunday, so King's Day moves to Saturday 26 April.
    assert d("2025-04-26") in NL_HOLIDAYS
    assert d("2025-04-27") not in NL_HOLIDAYS
    assert not NL.is_working_day(d("2025-04-26"))  # Saturday anyway
    # the Monday after is an ordinary working day
    assert NL.is_working_day(d("2025-04-28"))


def test_liberation_day_outside_lustrum_years_is_a_working_day() -> None:
    # holidays' default NL categories have 5 May off only every five years
    assert NL.is_working_day(d("2026-05-05"))


def test_another_country_has_other_holidays() -> None:
    de = WorkingDays("DE")
    assert de.is_working_day(d("2026-04-27"))  # King's Day is Dutch
    assert not de.is_working_day(d("2025-10-03"))  # German Unity Day, a Friday
    assert NL.is_working_day(d("2025-10-03"))


# -- next_wd ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-11-27", "2026-11-27"),  # Friday stays
        ("2026-11-28", "2026-11-30"),  # Saturday -> Monday
        ("2026-11-29", "2026-11-30"),  # Sunday -> Monday
        ("2026-12-25", "2026-12-28"),  # Christmas Friday -> Monday
        ("2025-12-25", "2025-12-29"),  # Christmas Thu + Fri -> Monday
        ("2026-01-01", "2026-01-02"),  # New Year Thursday -> Friday
        ("2027-01-01", "2027-01-04"),  # New Year Friday -> Monday
        ("2026-04-03", "2026-04-07"),  # Good Friday, weekend, Easter Monday -> Tuesday
        ("2026-04-25", "2026-04-28"),  # Saturday, Sunday, King's Day -> Tuesday
        ("2025-04-26", "2025-04-28"),  # King's Day 2025 is the Saturday
    ],
)
def test_next_wd(day: str, expected: str) -> None:
    assert NL.next_wd(d(day)) == d(expected)


# -- add_wd ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        ("2026-11-23", 1, "2026-11-24"),  # Monday + 1
        ("2026-11-27", 1, "2026-11-30"),  # Friday + 1 -> Monday
        ("2026-11-28", 1, "2026-11-30"),  # Saturday + 1 -> Monday
        ("2026-11-27", 2, "2026-12-01"),
        ("2026-11-23", 5, "2026-11-30"),  # a full week
        ("2026-12-24", 1, "2026-12-28"),  # Christmas Eve (Thu) + 1: Fri 25 off -> Mon 28
        ("2025-12-24", 1, "2025-12-29"),  # Wed + 1: Thu 25, Fri 26 off -> Mon 29
        ("2026-12-23", 2, "2026-12-28"),  # Thu 24, (Fri 25 off), Mon 28
        ("2026-12-31", 1, "2027-01-04"),  # New Year on Friday
        ("2026-04-02", 1, "2026-04-07"),  # Good Friday + Easter Monday
        ("2026-04-24", 1, "2026-04-28"),  # King's Day Monday
        ("2026-04-24", 2, "2026-04-29"),
        ("2026-11-27", 0, "2026-11-27"),
    ],
)
def test_add_wd(day: str, n: int, expected: str) -> None:
    assert NL.add_wd(d(day), n) == d(expected)


# -- between ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "up_to", "expected"),
    [
        ("2026-11-27", "2026-11-27", 0),  # same day
        ("2026-11-27", "2026-11-28", 0),  # Fri -> Sat
        ("2026-11-27", "2026-11-29", 0),  # Fri -> Sun
        ("2026-11-27", "2026-11-30", 1),  # Fri -> Mon
        ("2026-11-23", "2026-11-27", 4),  # Mon -> Fri: the end counts, the start does not
        ("2026-11-23", "2026-11-30", 5),
        ("2026-12-23", "2026-12-28", 2),  # Thu 24 and Mon 28; Fri 25 is Christmas
        ("2025-12-24", "2025-12-29", 1),  # only Mon 29
        ("2026-04-02", "2026-04-07", 1),  # Easter: only Tue 7
        ("2026-11-30", "2026-11-27", 0),  # backwards: nothing
    ],
)
def test_between(after: str, up_to: str, expected: int) -> None:
    assert NL.between(d(after), d(up_to)) == expected


def test_between_a_whole_year() -> None:
    # 2026: 261 weekdays; holidays on weekdays: 1 Jan, Good Friday, Easter Monday,
    # King's Day, Ascension, Whit Monday, Christmas Day = 7
    assert NL.between(d("2025-12-31"), d("2026-12-31")) == 261 - 7


# -- properties ------------------------------------------------------------------------------


@settings(max_examples=200)
@given(days)
def test_next_wd_is_the_first_working_day_on_or_after(day: date) -> None:
    result = NL.next_wd(day)
    assert result >= day
    assert result.weekday() < 5
    assert result not in NL_HOLIDAYS
    probe = day
    while probe < result:
        assert not NL.is_working_day(probe)
        probe += timedelta(days=1)
    assert NL.next_wd(result) == result


@settings(max_examples=200)
@given(days, st.integers(min_value=0, max_value=30))
def test_add_wd_counts_exactly_n_working_days(day: date, n: int) -> None:
    result = NL.add_wd(day, n)
    assert NL.between(day, result) == n
    if n > 0:
        assert result > day
        assert result.weekday() < 5 and result not in NL_HOLIDAYS
        # no earlier day already has n working days after `day`
        assert NL.between(day, result - timedelta(days=1)) == n - 1


@settings(max_examples=200)
@given(days, st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40))
def test_between_is_additive(day: date, a: int, b: int) -> None:
    mid = day + timedelta(days=a)
    end = mid + timedelta(days=b)
    assert NL.between(day, mid) + NL.between(mid, end) == NL.between(day, end)
    assert 0 <= NL.between(day, end) <= a + b


@settings(max_examples=100)
@given(days, st.integers(min_value=1, max_value=10), st.integers(min_value=1, max_value=10))
def test_add_wd_composes(day: date, m: int, n: int) -> None:
    assert NL.add_wd(NL.add_wd(day, m), n) == NL.add_wd(day, m + n)
