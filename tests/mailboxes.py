"""Mailboxes for the mail capture's tests: benchmarks/mailgen.py's seeded mail (realistic, and
hostile on request), what a reader must make of each message, and a book that knows its
people."""

import importlib.util
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

import realproc

ROOT = Path(__file__).parent.parent


def _load_mailgen():
    if "mailgen" not in sys.modules:
        spec = importlib.util.spec_from_file_location("mailgen", ROOT / "benchmarks/mailgen.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules["mailgen"] = module  # dataclasses look their module up while it loads
        spec.loader.exec_module(module)
    return sys.modules["mailgen"]


mailgen = _load_mailgen()
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
T = mailgen.UNTIL  # the day the generated mail runs up to
CONFIG = 'own_domains = ["ourfirm.example"]\n'


def reading(on: date = T, subject: bool = True):
    from nasales.transfer.capture.headers import Reading

    return Reading(AMSTERDAM, on, frozenset({mailgen.OWN_DOMAIN}), subject)


def expected(mail, shape: str):
    """What a reader of `shape` ("mbox", "maildir", "eml", "imap") must make of `mail`:
    ("bad", reason) or ("record", key, day, subject, direction, skip)."""
    if mail.trouble == "nobody":
        return ("bad", "no sender or recipient address")
    if mail.trouble == "huge" and shape != "imap":  # IMAP sends only the wanted fields
        return ("bad", "its headers are larger than 1 MB")
    if mail.trouble == "undated" and shape == "eml":  # no envelope, no delivery time
        return ("bad", "no readable date")
    key = mail.message_id or "sha256:"
    skip = "future" if mail.expect == "future" else None
    return ("record", key, mail.day, mail.subject, mail.direction, skip)


def outcome(found):
    """A reader's record or Bad in the shape of `expected`."""
    if not hasattr(found, "key"):
        return ("bad", found.reason)
    key = "sha256:" if found.key.startswith("sha256:") else found.key
    return ("record", key, found.day, found.subject, found.direction, found.skip)


def book_csv(path: Path, accounts: int) -> Path:
    """Contacts c1@aN.example and c2@aN.example of "Account N" for N in 1..accounts, as a
    CSV for `nasales import contacts` (which creates the accounts)."""
    rows = ["account,name,email"]
    for n in range(1, accounts + 1):
        rows += [f"Account {n},Contact 1 of {n},c1@a{n}.example"]
        rows += [f"Account {n},Contact 2 of {n},c2@a{n}.example"]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def what_capture_concludes(mail, shape="mbox", future=True):
    """The summary's counts and the touchpoints a capture of `mail` must log (on T, or with
    `future=False` on a day after all of it)."""
    counts, logged, keys = Counter(), Counter(), set()
    for message in mail:
        want = expected(message, shape)
        if want[0] == "bad":
            counts["unreadable"] += 1
        elif message.expect == "internal" or (future and message.expect == "future"):
            counts[message.expect] += 1
        elif message.expect == "unknown":
            counts["not on file"] += 1
        else:
            key = message.message_id or message.raw.split(b"\n\n")[0]
            counts["already" if key in keys else "logged"] += 1
            if key not in keys:
                keys.add(key)
                logged[
                    (
                        f"Account {message.account}",
                        message.day.isoformat(),
                        message.subject,
                        message.direction,
                        message.expect in ("contact", "future"),
                    )
                ] += 1
    return counts, logged


def captured(db):
    """The captured e-mails in the SQLite database `db`, as `what_capture_concludes` says them."""
    rows = realproc.query(
        db,
        "SELECT a.name, t.date, t.note, t.direction, t.contact_id IS NOT NULL "
        "FROM touchpoint t JOIN account a ON a.id = t.account_id "
        "WHERE t.kind = 'email' AND t.source = 'mail'",
    )
    return Counter((name, day, note, direction, bool(c)) for name, day, note, direction, c in rows)
