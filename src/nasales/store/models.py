"""The tables (PRODUCT.md §2), declared with SQLModel: the project's one declaration of them.

The schema itself is built by store/migrations.py, and commands speak plain SQL (store/db.py);
these classes are the schema's typed description, and the rest follows them: the migrated
database column for column (`tests/test_migrate.py`), the store's row types and their SELECT
lists (`store.db.select`), and the fields of import and export (`transfer/kinds.py`), where a
column is carried or said not to be (`NOT_EXPORTED`), both held by `tests/test_schema.py`;
`docs/schema.md` is printed from here (`tools/schema_doc.py`). A column's `description` is
its line in that page. Nothing at run time imports this module.
"""

from datetime import date

from sqlmodel import Field, SQLModel


class Account(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str
    name_key: str = Field(
        unique=True, description="casefolded name: names match case-insensitively"
    )
    owner: str | None = Field(default=None, description="the account manager")
    tier: str | None = Field(default=None, description="A | B | C; NULL: derived from the CLV")
    clv: float | None = Field(default=None, description="customer lifetime value, in euros")
    notes: str = ""
    domains: str = Field(
        default="",
        description="its e-mail domains, lowercase, one space between (capture matches them)",
    )


class Contact(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    name: str
    role: str | None = None
    phone: str | None = None
    email: str | None = None
    is_primary: bool = Field(default=False, description="the one to call first (one per account)")
    do_not_call: bool = False


class Order(SQLModel, table=True):
    __tablename__ = "orders"
    id: int | None = Field(default=None, primary_key=True)
    ref: str = Field(unique=True, description="the order's reference, as the customer knows it")
    account_id: int = Field(foreign_key="account.id")
    title: str = ""
    value: float | None = None
    status: str = Field(description="won | lost")
    signed_on: date
    delivered_on: date | None = None
    competitor: str | None = None
    decision: str | None = Field(default=None, description="clear | narrow")


class Touchpoint(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    kind: str = Field(description="call | visit | meeting | agreement | email | note")
    date: date
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    contact_id: int | None = Field(default=None, foreign_key="contact.id")
    note: str = ""
    mood: str | None = Field(
        default=None, description="positive | neutral | doubt | negative: how the customer sounded"
    )
    made_by: str | None = Field(default=None, description="who made the contact (`--by`)")
    source: str | None = Field(
        default=None, description="captured from: calls | calendar | mail; None when typed"
    )
    source_key: str | None = Field(
        default=None, description="a hash of the record's key in its source (idempotence)"
    )
    direction: str | None = Field(default=None, description="in | out, when the source says")
    seconds: int | None = Field(default=None, description="a captured call's talk time")


class Hurdle(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    description: str
    raised_on: date
    resolved_on: date | None = None
    discussed_after: int | None = Field(
        default=None,
        description="a touchpoint id: only a personal contact logged after it counts (the user "
        "said the ones before did not discuss it); NULL: any dated on or after raised_on",
    )


class Reminder(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    order_id: int | None = Field(default=None, foreign_key="orders.id")
    text: str
    due: date
    done_on: date | None = None


class Snooze(SQLModel, table=True):
    key: str = Field(primary_key=True, description="the item's key, e.g. confirm:BJ-1")
    until: date = Field(description="the item stays off the list until this day")


class Proposal(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    order_id: int = Field(foreign_key="orders.id")
    text: str
    sent_on: date
    answer_by: date | None = Field(
        default=None, description="NULL: three working days after sent_on (PRODUCT.md §3)"
    )
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
    item_key: str = Field(description="the item handed to a colleague, e.g. hurdle:3")
    account_id: int = Field(foreign_key="account.id")
    person: str
    handed_on: date
    note: str = ""


class Opportunity(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="account.id")
    text: str
    noted_on: date
    source: str | None = Field(
        default=None, description="the key of the item whose call revealed it"
    )
    won_order_id: int | None = Field(default=None, foreign_key="orders.id")
    dropped_on: date | None = None


class CaptureState(SQLModel, table=True):
    """Where an incremental capture source (an IMAP folder) was left: its reader's state."""

    __tablename__ = "capture_state"
    source: str = Field(primary_key=True, description="the source as the reader names it")
    state: str = Field(description="JSON object of strings, the reader's own")
    saved_on: date
