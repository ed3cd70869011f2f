"""Dates as a salesperson types them: ISO, Dutch day-first, or today/yesterday/tomorrow."""

import re
from datetime import date, timedelta

from nasales.errors import Invalid

_DAY_FIRST = re.compile(r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})", re.ASCII)
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_RELATIVE = {"today": 0, "yesterday": -1, "tomorrow": 1}


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
        raise Invalid(f"bad date {text!r}: use 2026-11-27, 27-11-2026 or today")
    try:
        return date(year, month, day)
    except ValueError:
        raise Invalid(f"bad date {text!r}: no such day") from None


def parse_optional_date(text: str | None, today: date | None = None) -> date | None:
    return None if text is None or not text.strip() else parse_date(text, today)
