"""Numbers a person gives: amounts of money (order value, CLV)."""

import math

from nasales.errors import Invalid


def amount(value: float | str | None, what: str) -> float | None:
    """An amount of zero or more, or None; never infinite or not-a-number (which no
    spreadsheet, JSON reader or later import could read back)."""
    if value is None or value == "":
        return None
    from nasales.i18n import _

    try:
        number = float(value)
    except (TypeError, ValueError):
        raise Invalid(
            _("bad {what} {value!r}: not a number").format(what=_(what), value=value)
        ) from None
    if not math.isfinite(number) or number < 0:
        raise Invalid(
            _("bad {what} {value!r}: must be a finite amount of zero or more").format(
                what=_(what), value=str(value)
            )
        )
    return number
