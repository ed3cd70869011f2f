"""How a captured touchpoint is described (PRODUCT.md §9): its direction, its talk time, and
where it came from, in the user's language."""

from nasales.i18n import N_, _

SOURCES = {
    "calls": N_("from the call log"),
    "calendar": N_("from the calendar"),
    "mail": N_("from the mailbox"),
}
DIRECTIONS = {"in": N_("incoming"), "out": N_("outgoing")}


def duration(seconds: int) -> str:
    """Talk time as a clock shows it: `4:07`, `1:02:03`."""
    hours, rest = divmod(int(seconds), 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"


def captured(source: str | None, direction: str | None, seconds: int | None) -> str:
    """`outgoing, 4:07, from the call log`: what a capture knows of a touchpoint."""
    bits = []
    if direction:
        bits.append(_(DIRECTIONS.get(direction, direction)))
    if seconds:
        bits.append(duration(seconds))
    if source:
        bits.append(_(SOURCES.get(source, source)))
    return ", ".join(bits)
