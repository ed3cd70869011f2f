"""Dates as a salesperson types them: ISO, Dutch day-first, or today/yesterday/tomorrow."""

import re
from datetime import date, timedelta

from nasales.errors import Invalid

_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
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


def parse_date(text: str, today: date | None = None) -> date:
    """Read one date; an impossible date is an error, never a guess."""
    value = text.strip().lower()
    if value in _RELATIVE:
        return (today or date.today()) + timedelta(days=_RELATIVE[value])
    if m := _ISO.fullmatch(value):
        year, month, day = (int(g) for g in m.groups())
    elif m := _DAY_FIRST.fullmatch(value):
        day, month, year = (int(g) for g in m.groups())
    else:
        from nasales.i18n import _

        raise Invalid(_("bad date {text!r}: use 2026-11-27, 27-11-2026 or today").format(text=text))
    try:
        found = date(year, month, day)
    except ValueError:
        from nasales.i18n import _

        raise Invalid(_("bad date {text!r}: no such day").format(text=text)) from None
    return in_range(found, text)


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
