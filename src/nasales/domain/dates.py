"""Dates as a salesperson types them, in Dutch or English: ISO, day-first, words.

Every date option reads `2026-11-27`, `27-11-2026`, `27/11/2026`, `27 november 2026` and the
words `vandaag`/`today`, `gisteren`, `eergisteren`, `morgen`, `overmorgen`. Typed on the
command line it also reads a day without its year (`27-11`, `27 nov`), a weekday (`vrijdag`,
`vr`, `friday`), `volgende week`/`next week` (that Monday), `vorige week`/`last week`,
`over 3 dagen`/`in 3 days` and `3 dagen geleden`/`3 days ago`.

A weekday or a day without its year names the one nearest to the reference day T in the
direction the option looks: back for a day something happened (`--on` of `log`, `done`,
`order won`: `vrijdag` is last Friday, `27-11` this year's or last year's 27 November) and for
the day a list or page is shown as of; ahead for a day something is planned (`--due`,
`--until`, `--answer-by`: `vrijdag` is next Friday). A weekday never names T itself (that is
`vandaag`); a day without its year may. An import reads only dates that say their year.
"""

import re
from datetime import date, timedelta

from nasales.errors import Invalid

_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_DAY_MONTH = re.compile(r"(\d{1,2})[-/.](\d{1,2})\.?", re.ASCII)
_NAMED_MONTH = re.compile(r"(\d{1,2})\.?\s+([a-z]+)\.?(?:,?\s+(\d{4}))?")  # 27 nov 2026
_MONTH_FIRST = re.compile(r"([a-z]+)\.?\s+(\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(\d{4}))?")  # Nov 27
_COUNT = re.compile(r"(?:over|in)\s+(\w+)\s+(\w+)|(\w+)\s+(\w+)\s+(?:geleden|ago)")

# in either language: the Dutch words are the ones a Dutch salesperson types
_RELATIVE = {
    "today": 0,
    "yesterday": -1,
    "tomorrow": 1,
    "vandaag": 0,
    "gisteren": -1,
    "eergisteren": -2,
    "morgen": 1,
    "overmorgen": 2,
}
_WEEKDAYS = {
    name: number
    for number, names in enumerate(
        (
            ("maandag", "ma", "monday", "mon"),
            ("dinsdag", "di", "tuesday", "tue", "tues"),
            ("woensdag", "wo", "wednesday", "wed"),
            ("donderdag", "do", "thursday", "thu", "thur", "thurs"),
            ("vrijdag", "vr", "friday", "fri"),
            ("zaterdag", "za", "saturday", "sat"),
            ("zondag", "zo", "sunday", "sun"),
        )
    )
    for name in names
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("januari", "january", "jan"),
            ("februari", "february", "feb"),
            ("maart", "march", "mrt", "mar"),
            ("april", "apr"),
            ("mei", "may"),
            ("juni", "june", "jun"),
            ("juli", "july", "jul"),
            ("augustus", "august", "aug"),
            ("september", "sep", "sept"),
            ("oktober", "october", "okt", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        1,
    )
    for name in names
}
_AHEAD_WORDS = ("volgende", "komende", "aanstaande", "next", "coming")  # volgende vrijdag
_BACK_WORDS = ("vorige", "afgelopen", "last", "past")  # vorige vrijdag
_WEEK_WORDS = ("week", "weken", "weeks")
_DAY_WORDS = ("dag", "dagen", "day", "days")
_NUMBERS = {"een": 1, "één": 1, "a": 1, "an": 1, "one": 1, "twee": 2, "two": 2, "drie": 3}


def parse_date(
    text: str, today: date | None = None, ahead: bool = False, typed: bool = True
) -> date:
    """Read one date; an impossible date is an error, never a guess. `today` is T (default
    the clock's), `ahead` the direction of a weekday or a day without its year (see the
    module), `typed` whether the words only a person types are read (not in a file)."""
    value = " ".join(text.strip().lower().split())
    if value in _RELATIVE:
        return _base(today) + timedelta(days=_RELATIVE[value])
    if m := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DAY_FIRST.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
    elif named := _named(value):
        day, month, year_or_none = named
        if year_or_none is None:
            if not typed:
                raise _bad(text)
            return _without_year(day, month, text, _base(today), ahead)
        year = year_or_none
    elif typed and (found := _spoken(value, _base(today), ahead, text)) is not None:
        return found
    else:
        raise _bad(text)
    return in_range(_real(year, month, day, text), text)


def _base(today: date | None) -> date:
    return today or date.today()


def _named(value: str) -> tuple[int, int, int | None] | None:
    """Day, month and year (None when left out) of `27-11`, `27 nov 2026`, `Nov 27, 2026`."""
    if m := _DAY_MONTH.fullmatch(value):
        return int(m[1]), int(m[2]), None
    if (m := _NAMED_MONTH.fullmatch(value)) and m[2] in _MONTHS:
        return int(m[1]), _MONTHS[m[2]], int(m[3]) if m[3] else None
    if (m := _MONTH_FIRST.fullmatch(value)) and m[1] in _MONTHS:
        return int(m[2]), _MONTHS[m[1]], int(m[3]) if m[3] else None
    return None


def _without_year(day: int, month: int, text: str, today: date, ahead: bool) -> date:
    """`27-11`: the nearest 27 November on or after T (ahead), else on or before T. A day
    that exists in no year (31-11) is an error; 29-02 is the nearest leap day."""
    _real(2000, month, day, text)  # 2000 was a leap year: every real day-and-month exists
    step = 1 if ahead else -1
    year = today.year
    for _attempt in range(9):  # the nearest leap year is at most 8 years away
        try:
            found = date(year, month, day)
        except ValueError:
            year += step
            continue
        if found == today or (found > today) == ahead:
            return in_range(found, text)
        year += step
    raise _bad(text)  # pragma: no cover - unreachable for a real day and month


def _spoken(value: str, today: date, ahead: bool, text: str) -> date | None:
    """A weekday (`vrijdag`, `volgende vrijdag`, `last friday`), a week (`volgende week`:
    its Monday), or a count of days or weeks (`over 3 dagen`, `2 weeks ago`)."""
    words = value.split()
    if len(words) == 2 and words[1] in _WEEK_WORDS[:1]:
        if words[0] in _AHEAD_WORDS:
            return in_range(today + timedelta(days=7 - today.weekday()), text)
        if words[0] in _BACK_WORDS:
            return in_range(today - timedelta(days=today.weekday() + 7), text)
    if len(words) == 2 and words[1] in _WEEKDAYS and words[0] in _AHEAD_WORDS + _BACK_WORDS:
        ahead, words = words[0] in _AHEAD_WORDS, words[1:]
    if len(words) == 1 and words[0] in _WEEKDAYS:
        wanted = _WEEKDAYS[words[0]]
        if ahead:
            days = (wanted - today.weekday()) % 7 or 7
        else:
            days = -((today.weekday() - wanted) % 7 or 7)
        return in_range(today + timedelta(days=days), text)
    if m := _COUNT.fullmatch(value):
        count, unit = (m[1], m[2]) if m[1] else (m[3], m[4])
        n = int(count) if count.isdigit() else _NUMBERS.get(count)
        if n is None or unit not in _DAY_WORDS + _WEEK_WORDS:
            return None
        try:
            delta = timedelta(days=n * (7 if unit in _WEEK_WORDS else 1))
            return in_range(today + delta if m[1] else today - delta, text)
        except OverflowError:
            raise _bad(text) from None
    return None


def _real(year: int, month: int, day: int, text: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        from nasales.i18n import _

        raise Invalid(_("bad date {text!r}: no such day").format(text=text)) from None


def _bad(text: str) -> Invalid:
    from nasales.i18n import _

    return Invalid(_("bad date {text!r}: use 2026-11-27, 27-11-2026 or today").format(text=text))


FIRST_YEAR, LAST_YEAR = 1900, 2999  # room for any real book; the calendar arithmetic has more


class OutOfRange(Invalid):
    """A real day, but not one a book of business can hold."""


def in_range(day: date, text: str) -> date:
    """`day`, if it lies in the years a book of business can span."""
    if FIRST_YEAR <= day.year <= LAST_YEAR:
        return day
    from nasales.i18n import _

    raise OutOfRange(
        _("bad date {text!r}: use a year from {first} to {last}").format(
            text=text, first=FIRST_YEAR, last=LAST_YEAR
        )
    )
