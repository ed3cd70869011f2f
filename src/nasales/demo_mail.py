"""The demo's mailbox (PRODUCT.md §9): Eva's mail around the demo's day as an mbox, which
`nasales demo` captures with the call log and the agenda (`demo_sources`).

Lars Visser thanks her for the call, Sanne van Dijk gets the delivery planning, Fatima El
Amrani asks where the heat pumps are, and Visser's planning department writes from their
domain: each is logged as an e-mail on the account. An e-mail is context, never a call:
Van Dijk's confirmation call and Groenhuis's problem stay on the list. A trade fair's
newsletter is not on file, and a colleague's mail is internal.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from email.header import Header
from email.utils import format_datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from nasales.i18n import N_, _

if TYPE_CHECKING:
    from nasales.domain.workdays import WorkingDays


@dataclass(frozen=True)
class Mail:
    workdays_ago: int
    at: time
    sender: str
    to: str
    subject: str  # English, translated when the mailbox is written


EVA = "eva@nasales-demo.example"
# fmt: off
MAILS = (
    Mail(1, time(8, 40), "f.elamrani@groenhuis.example", EVA, N_("Where are the heat pumps?")),
    Mail(1, time(11, 15), EVA, "sanne@vandijk.example", N_("Delivery planning DMU 50")),
    Mail(1, time(17, 5), "lars@visser-techniek.example", EVA, N_("Thank you for the call")),
    Mail(1, time(17, 30), "piet@nasales-demo.example", EVA, N_("Weekly sales meeting: agenda")),
    Mail(0, time(7, 55), "nieuwsbrief@vakbeurs.example", EVA, N_("Trade fair news")),
    Mail(0, time(8, 10), "planning@visser-techniek.example", EVA,
         N_("Delivery address for the laser cutter")),
)
# fmt: on


def mailbox(today: date, days: "WorkingDays", zone: str = "Europe/Amsterdam") -> bytes:
    """Eva's mailbox as an mbox: headers as a mail server writes them, and a short body."""
    out = []
    for n, mail in enumerate(MAILS, 1):
        sent = datetime.combine(days.back_wd(today, mail.workdays_ago), mail.at, ZoneInfo(zone))
        subject = Header(_(mail.subject), "utf-8").encode()
        out.append(
            f"From {mail.sender} {sent:%a %b %d %H:%M:%S %Y}\n"
            f"Received: from mx.nasales-demo.example; {format_datetime(sent)}\n"
            f"From: {mail.sender}\nTo: {mail.to}\nSubject: {subject}\n"
            f"Date: {format_datetime(sent)}\nMessage-ID: <demo.{n}@nasales-demo.example>\n"
            "Content-Type: text/plain; charset=utf-8\n\n…\n\n"
        )
    return "".join(out).encode()
