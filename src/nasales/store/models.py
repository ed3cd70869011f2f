"""The tables (PRODUCT.md §2), declared with SQLModel.

The schema itself is built by store/migrations.py, and commands speak plain SQL (store/db.py);
these classes are the schema's typed description, which `tests/test_migrate.py` holds the
migrated database to, column for column. Nothing at run time imports this module.
"""

from datetime import date

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(unique=True)  # casefolded name: names match case-insensitively
    owner: str | None = None
    tier: str | None = None
    clv: float | None = None
    notes: str = ""
    domains: str = ""  # its e-mail domains, lowercase, one space between (capture matches them)


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    is_primary: bool = False
    do_not_call: bool = False


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True)
    account_id: int = Field(foreign_key="account.id")
    title: str = ""
    value: float | None = None
    status: str  # won | lost
    signed_on: date
    delivered_on: date | None = None
    competitor: str | None = None
    decision: str | None = None  # clear | narrow


class Touchpoint(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    kind: str
    date: date
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    note: str = ""
    mood: str | None = None
    made_by: str | None = None
    source: str | None = None  # captured from: calls | calendar | mail; None when typed
    source_key: str | None = None  # a hash of the record's key in its source (idempotence)
    direction: str | None = None  # in | out, when the source says
    seconds: int | None = None  # a captured call's talk time


class Hurdle(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    description: str
    raised_on: date
    resolved_on: date | None = None
    # only a personal contact logged after this touchpoint counts (the user said the ones
    # before did not discuss it); NULL: any dated on or after raised_on
    discussed_after: int | None = None


class Reminder(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    text: str
    due: date
    done_on: date | None = None


class Snooze(SQLModel, table=True):
    key: str = Field(primary_key=True)
    until: date


class Proposal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    text: str
    sent_on: date
    answer_by: date | None = None
    agreed_on: date | None = None
    declined_on: date | None = None
    note: str = ""


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    person: str
    role: str | None = None


class Handoff(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    item_key: str
    account_id: int = Field(foreign_key="account.id")
    person: str
    handed_on: date
    note: str = ""


class Opportunity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    text: str
    noted_on: date
    source: str | None = None
    won_order_id: int | None = Field(default=None, foreign_key="orders.id")
    dropped_on: date | None = None


class CaptureState(SQLModel, table=True):
    """Where an incremental capture source (an IMAP folder) was left: its reader's state."""

    __tablename__ = "capture_state"
    source: str = Field(primary_key=True)  # the source as the reader names it
    state: str  # JSON object of strings, the reader's own
    saved_on: date
