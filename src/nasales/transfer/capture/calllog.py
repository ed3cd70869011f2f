"""What a call log says, field by field (PRODUCT.md §9): Asterisk's documented columns, the
fields a call log with a header may name (and what logs usually call them), the words for
answered and not, in and out, and how starts and talk times are written."""

import re
from datetime import UTC, date, datetime, timedelta

from nasales.errors import Invalid
from nasales.i18n import _

ASTERISK = (
    "accountcode",
    "src",
    "dst",
    "dcontext",
    "clid",
    "channel",
    "dstchannel",
    "lastapp",
    "lastdata",
    "start",
    "answer",
    "end",
    "duration",
    "billsec",
    "disposition",
    "amaflags",
    "uniqueid",
    "userfield",
)
ASTERISK_MIN = 16  # without uniqueid and userfield
# The fields a call log with a header may have: when (start, or date and time), the other
# party (number; or src and dst, the side that is no extension), direction, talk time
# (billsec, else duration), disposition, the call's id, and who made it (by).
FIELDS = (
    "start",
    "date",
    "time",
    "number",
    "src",
    "dst",
    "direction",
    "duration",
    "billsec",
    "disposition",
    "id",
    "by",
    "dstchannel",
    "lastapp",
)
ALIASES = {  # what call logs often call them (FreePBX, Asterisk's CDR tables, exports)
    "calldate": "start",
    "call date": "start",
    "starttime": "start",
    "start time": "start",
    "uniqueid": "id",
    "callid": "id",
    "call id": "id",
    "phone number": "number",
    "phone": "number",
    "caller": "src",
    "from": "src",
    "callee": "dst",
    "to": "dst",
    "status": "disposition",
    "type": "direction",
    "user": "by",
    "extension": "by",
}
ANSWERED = frozenset(
    {"answered", "answer", "beantwoord", "aangenomen", "connected", "completed", "ok", "success"}
)
NOT_ANSWERED = frozenset(
    {
        "no answer",
        "noanswer",
        "no_answer",
        "busy",
        "failed",
        "congestion",
        "missed",
        "unanswered",
        "rejected",
        "declined",
        "cancelled",
        "canceled",
        "voicemail",
        "niet beantwoord",
        "onbeantwoord",
        "gemist",
        "bezet",
        "geweigerd",
        "mislukt",
    }
)
INCOMING = frozenset({"in", "inbound", "incoming", "inkomend", "binnenkomend", "received"})
OUTGOING = frozenset({"out", "outbound", "outgoing", "uitgaand", "dialed", "dialled", "gebeld"})
MISSED = frozenset({"missed", "gemist", "rejected", "geweigerd", "unanswered", "onbeantwoord"})
INTERNAL = frozenset({"internal", "intern", "local"})
# Asterisk's applications that answer a call without a person on it: voicemail, a menu or an
# announcement (the last application a call ran, `lastapp`). Such a call is ANSWERED with
# talk time, and no conversation: counted as unanswered.
MACHINE = frozenset(
    {
        "voicemail",
        "voicemailmain",
        "vm",
        "playback",
        "background",
        "read",
        "record",
        "saydigits",
        "saynumber",
        "sayalpha",
        "musiconhold",
        "echo",
        "milliwatt",
        "festival",
        "directory",
        "controlplayback",
        "waitexten",
    }
)
USED = (  # the fields a row is read for, in the order `calls._Calls._rows` unpacks them
    "start", "date", "time", "answer", "billsec", "duration", "direction", "by", "src", "dst",
    "number", "disposition", "id", "uniqueid", "dstchannel", "lastapp",
)  # fmt: skip
_DAY_FIRST = re.compile(
    r"(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})(?:[ T,]+(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?)?"
)
_CLOCK = re.compile(r"(?:(\d+):)?(\d{1,2}):(\d{2})(?:\.\d+)?")


def when(text: str) -> datetime | date | None:
    """A call's start as call logs write it: ISO (with or without a zone), day first
    (27-11-2026 14:05), or seconds since 1970 (UTC)."""
    if not text:
        return None
    if text.isdigit() and 9 <= len(text) <= 13:
        seconds = int(text) / (1000 if len(text) == 13 else 1)
        return datetime(1970, 1, 1, tzinfo=UTC) + timedelta(seconds=seconds)
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    if match := _DAY_FIRST.fullmatch(text):
        day, month, year, hour, minute, second = match.groups()
        try:
            if hour is None:
                return date(int(year), int(month), int(day))
            return datetime(
                int(year), int(month), int(day), int(hour), int(minute), int(second or 0)
            )
        except ValueError:
            return None
    return None


def seconds(text: str) -> int | None:
    """Talk time: `312`, `312.4`, `5:12` or `0:05:12`; None when there is none."""
    text = text.strip()
    if not text:
        return None
    if text.isdigit():
        return int(text)
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        match = _CLOCK.fullmatch(text)
        if match is None:
            raise ValueError(
                _("cannot read the duration {text!r}").format(text=text[:20])
            ) from None
        hours, minutes, seconds = match.groups()
        return int(hours or 0) * 3600 + int(minutes) * 60 + int(seconds)
    if not 0 <= value < 10**7:
        raise ValueError(_("cannot read the duration {text!r}").format(text=text[:20]))
    return int(value)


def parse_map(pairs: list[str]) -> dict[str, str]:
    """`--map SRC=FIELD` options as {source column (casefolded): field}."""
    mapping = {}
    for pair in pairs:
        src, sep, target = pair.partition("=")
        target = target.strip().lower()
        if not sep or not src.strip() or not target:
            raise Invalid(
                _("bad --map {pair!r}: use SOURCE=FIELD, e.g. Datum=start").format(pair=pair)
            )
        if target not in FIELDS:
            raise Invalid(
                _("bad --map {pair!r}: a call log has the fields {fields}").format(
                    pair=pair, fields=", ".join(FIELDS)
                )
            )
        mapping[src.strip().casefold()] = target
    return mapping
