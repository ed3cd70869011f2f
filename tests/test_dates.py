"""Dates as a salesperson types them (PRODUCT.md §4)."""

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nasales.domain.dates import parse_date
from nasales.errors import Invalid, NasalesError

TODAY = date(2026, 11, 27)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-27",
        "27-11-2026",
        "27/11/2026",
        " 2026-11-27 ",
        "2026-11-27\n",
        "\t27-11-2026",
    ],
)
def test_accepted_forms(text: str) -> None:
    assert parse_date(text) == date(2026, 11, 27)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-3-5", date(2026, 3, 5)),
        ("5-3-2026", date(2026, 3, 5)),
        ("05-03-2026", date(2026, 3, 5)),  # day first, not month first
        ("5/3/2026", date(2026, 3, 5)),
        ("01-12-2026", date(2026, 12, 1)),
        ("12-01-2026", date(2026, 1, 12)),
        ("2024-02-29", date(2024, 2, 29)),  # leap year
        ("29-02-2024", date(2024, 2, 29)),
        ("31-12-2026", date(2026, 12, 31)),
    ],
)
def test_day_first_and_single_digits(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 11, 27)),
        ("yesterday", date(2026, 11, 26)),
        ("tomorrow", date(2026, 11, 28)),
        ("Today", date(2026, 11, 27)),
        (" TOMORROW ", date(2026, 11, 28)),
        ("YESTERDAY", date(2026, 11, 26)),
        ("vandaag", date(2026, 11, 27)),  # Dutch words, in either language
        ("gisteren", date(2026, 11, 26)),
        ("eergisteren", date(2026, 11, 25)),
        ("Morgen", date(2026, 11, 28)),
        ("overmorgen", date(2026, 11, 29)),
    ],
)
def test_relative_words(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


def test_relative_words_cross_month_and_year() -> None:
    assert parse_date("tomorrow", today=date(2026, 12, 31)) == date(2027, 1, 1)
    assert parse_date("yesterday", today=date(2026, 3, 1)) == date(2026, 2, 28)
    assert parse_date("yesterday", today=date(2024, 3, 1)) == date(2024, 2, 29)


def test_today_defaults_to_the_clock() -> None:
    before = date.today()
    result = parse_date("today")
    after = date.today()
    assert before <= result <= after


@pytest.mark.parametrize(
    "text",
    [
        "31-02-2026",
        "30-02-2026",
        "29-02-2026",  # 2026 is no leap year
        "2026-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-01-00",
        "2026-04-31",
        "31/04/2026",
        "32-01-2026",
        "00-01-2026",
        "01-13-2026",  # month-first is not accepted: there is no 13th month
        "0000-01-01",
        "1900-02-29",  # century, not a leap year
    ],
)
def test_impossible_dates_raise_invalid(text: str) -> None:
    with pytest.raises(Invalid, match="no such day"):
        parse_date(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "garbage",
        "morgenochtend",
        "now",
        "2026-11",
        "11-2026",
        "27-11-26",  # two-digit year: ambiguous, refused
        "26-11-27",
        "20261127",
        "2026/11/27",
        "2026-11-27T10:00",
        "2026-11-27 10:00",
        "2026-11-27x",
        "x2026-11-27",
        "-2026-11-27",
        "27--11-2026",
        "2026-111-27",
        "today!",
        "todays",
        "vrijdagmiddag",
        "volgende maand",
        "over drie kwartier",
        "27 novembre",
        "over 99999999999 dagen",
        "3 jaar geleden",
    ],
)
def test_garbage_raises_invalid(text: str) -> None:
    with pytest.raises(Invalid):
        parse_date(text)


def test_invalid_is_a_domain_error_with_a_readable_message() -> None:
    with pytest.raises(NasalesError) as info:
        parse_date("soon")
    assert info.value.exit_code == 1
    message = str(info.value)
    assert "soon" in message
    assert "\n" not in message


real_dates = st.dates(min_value=date(1900, 1, 1), max_value=date(2999, 12, 31))


@settings(max_examples=200)
@given(real_dates)
def test_every_real_date_round_trips_in_every_form(day: date) -> None:
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"{day.day:02d}-{day.month:02d}-{day.year}") == day
    assert parse_date(f"{day.day}/{day.month}/{day.year}") == day
    assert parse_date(f"{day.year}-{day.month}-{day.day}") == day


@settings(max_examples=200)
@given(st.text(max_size=20))
def test_arbitrary_text_gives_a_date_or_invalid_never_a_crash(text: str) -> None:
    try:
        result = parse_date(text, today=TODAY)
    except Invalid:
        return
    assert isinstance(result, date)


@pytest.mark.parametrize(
    "text", ["0001-01-01", "01-01-0001", "9999-12-31", "1899-12-31", "3000-01-01"]
)
def test_years_no_book_can_span_are_refused(text: str) -> None:
    with pytest.raises(Invalid, match="use a year from 1900 to 2999"):
        parse_date(text)


# -- the dates only a person types (round 3): a weekday, a day without its year, a week ------

FRIDAY = date(2026, 11, 27)  # T: Friday 27 November 2026


@pytest.mark.parametrize(
    ("text", "back", "ahead"),
    [
        # a weekday: the nearest one, never T itself (that is "vandaag")
        ("vrijdag", date(2026, 11, 20), date(2026, 12, 4)),
        ("Vr", date(2026, 11, 20), date(2026, 12, 4)),
        ("friday", date(2026, 11, 20), date(2026, 12, 4)),
        ("maandag", date(2026, 11, 23), date(2026, 11, 30)),
        ("do", date(2026, 11, 26), date(2026, 12, 3)),
        ("zaterdag", date(2026, 11, 21), date(2026, 11, 28)),
        ("volgende vrijdag", date(2026, 12, 4), date(2026, 12, 4)),
        ("vorige  vrijdag", date(2026, 11, 20), date(2026, 11, 20)),
        ("last monday", date(2026, 11, 23), date(2026, 11, 23)),
        # a day without its year: the nearest one, T included
        ("27-11", FRIDAY, FRIDAY),
        ("11-12", date(2025, 12, 11), date(2026, 12, 11)),
        ("11/12", date(2025, 12, 11), date(2026, 12, 11)),
        ("26-11", date(2026, 11, 26), date(2027, 11, 26)),
        ("29-02", date(2024, 2, 29), date(2028, 2, 29)),
        ("11 dec", date(2025, 12, 11), date(2026, 12, 11)),
        ("27 november", FRIDAY, FRIDAY),
        ("December 11", date(2025, 12, 11), date(2026, 12, 11)),
        # fixed, whatever the direction
        ("27 november 2026", FRIDAY, FRIDAY),
        ("Nov 27, 2026", FRIDAY, FRIDAY),
        ("27 mrt 2027", date(2027, 3, 27), date(2027, 3, 27)),
        ("volgende week", date(2026, 11, 30), date(2026, 11, 30)),  # its Monday
        ("next week", date(2026, 11, 30), date(2026, 11, 30)),
        ("vorige week", date(2026, 11, 16), date(2026, 11, 16)),
        ("over 3 dagen", date(2026, 11, 30), date(2026, 11, 30)),
        ("in 2 weeks", date(2026, 12, 11), date(2026, 12, 11)),
        ("3 dagen geleden", date(2026, 11, 24), date(2026, 11, 24)),
        ("een week geleden", date(2026, 11, 20), date(2026, 11, 20)),
        ("2 days ago", date(2026, 11, 25), date(2026, 11, 25)),
    ],
)
def test_words_a_salesperson_types_name_the_nearest_day(text, back, ahead) -> None:
    assert parse_date(text, FRIDAY) == back
    assert parse_date(text, FRIDAY, ahead=True) == ahead


def test_a_weekday_on_a_monday_and_across_the_year() -> None:
    monday = date(2026, 11, 23)
    assert parse_date("maandag", monday) == date(2026, 11, 16)
    assert parse_date("maandag", monday, ahead=True) == date(2026, 11, 30)
    new_year = date(2026, 12, 31)
    assert parse_date("2-1", new_year, ahead=True) == date(2027, 1, 2)
    assert parse_date("30-12", date(2027, 1, 2)) == date(2026, 12, 30)


@pytest.mark.parametrize("text", ["31-11", "30-02", "32-1", "11-13", "31 apr"])
def test_a_day_without_its_year_that_no_year_has_is_refused(text) -> None:
    with pytest.raises(Invalid):
        parse_date(text, FRIDAY)


@pytest.mark.parametrize("text", ["vrijdag", "27-11", "volgende week", "over 3 dagen"])
def test_a_file_says_its_years(text) -> None:
    """An import reads only dates that stand on their own: no weekday, no missing year."""
    with pytest.raises(Invalid):
        parse_date(text, FRIDAY, typed=False)
    assert parse_date("27 november 2026", typed=False) == FRIDAY


@settings(max_examples=200)
@given(real_dates.filter(lambda d: 1901 <= d.year <= 2998), st.booleans())
def test_a_day_without_its_year_is_at_most_a_year_away(day: date, ahead: bool) -> None:
    text = f"{day.day}-{day.month}"
    found = parse_date(text, day, ahead)
    assert found == day
    other = parse_date(text, day + timedelta(days=1), ahead)
    assert (other.day, other.month) == (day.day, day.month)
    assert (other > day) == ahead and abs((other - day).days) <= 366 * 4 + 1
