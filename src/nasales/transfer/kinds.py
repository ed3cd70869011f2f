"""What `import` and `export` move, one declaration per record kind (PRODUCT.md §2, §5).

Each `Kind` says, in one place: the fields of its file in export order, which are required,
how each is read and written back, the table and columns it goes into, the records a field
names (an account by name, an order by ref, a contact by name), how a row finds its record
on a re-import (the key of §5), which rules of domain/checks.py hold for it, and the order
of its export.
`import` (transfer/importer.py), `export` (transfer/exporter.py) and the export query
(store/bulk.py) read these and nothing else, so a new kind is one entry in `KINDS`; only a
kind with a rule of its own (contacts: one primary per account; orders: refs) adds a method
`_plan_<kind>` to the importer and names it in `Importer.records`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nasales.domain.vocabulary import DECISIONS, DIRECTIONS, MOODS, SOURCES, STATUSES, TIERS
from nasales.domain.vocabulary import KINDS as TOUCHPOINT_KINDS
from nasales.transfer.cells import (
    ACCOUNT_NAME,
    AMOUNT,
    DAY,
    DOMAINS,
    FLAG,
    LINE,
    NOTE,
    SECONDS,
    SOURCE_KEY,
    Reader,
    word,
)

# The records a field can name: the table, the column that names a record in a file, and
# the column an export sorts that name by.
NAMED_BY = {
    "account": ("account", "name", "name_key"),
    "order": ("orders", "ref", "ref"),
    "contact": ("contact", "name", "name"),
}


@dataclass(frozen=True)
class Field:
    name: str  # in the file and in JSON: the field names of §2
    reader: Reader
    column: str = ""  # in the table; default the name (`account` -> `account_id`, see refers)
    required: bool = False
    empty: Any = None  # the value of an empty cell
    refers: str = ""  # "account", "order" or "contact": the column holds that record's id
    any_case: bool = False  # matched in any case and Unicode form; a match keeps its spelling
    or_owner: bool = False  # empty: the owner of the account the row names

    @property
    def to(self) -> str:
        """The column this field is stored in."""
        return self.column or (f"{self.name}_id" if self.refers else self.name)


@dataclass(frozen=True)
class Kind:
    name: str  # on the command line
    table: str
    fields: tuple[Field, ...]  # in the order export writes them
    key: tuple[str, ...]  # the columns that find its record; (): every field (streamed)
    sort: tuple[str, ...]  # export order: field names (a named record sorts by its name)
    # the rules across fields and records (domain/checks.py): the record they know it as, and
    # what a row is held against: the order a column names, or "held" (what hangs on it)
    rules: str = ""
    against: str = ""
    repeats: bool = False  # two records may share the key (a hurdle raised twice in a day)
    extra: dict[str, Callable[[dict], Any]] = field(default_factory=dict)  # derived columns

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)

    @property
    def columns(self) -> tuple[str, ...]:
        """The columns an import writes, in order."""
        return (*(f.to for f in self.fields), *self.extra)

    @property
    def names_account(self) -> bool:
        """Whether a row names an account, which the import creates when missing, and may
        give it an owner (`owner`, an import-only column)."""
        return any(f.refers == "account" for f in self.fields)

    @property
    def readable(self) -> tuple[Field, ...]:
        """The fields a file may have: the kind's own, and `owner` where it names accounts."""
        return (*self.fields, OWNER) if self.names_account else self.fields

    @property
    def kept_when_empty(self) -> list[tuple[str, str]]:
        """The fields (name, column) whose empty cell leaves a record a row matches as it is:
        all but the key and the yes/no flags (there an empty cell is no, as the file says)."""
        return [
            (f.name, f.to)
            for f in self.fields
            if not f.required and f.empty is not False and f.to not in self.key
        ]

    def field(self, name: str) -> Field:
        return next(f for f in self.readable if f.name == name)


OWNER = Field("owner", LINE)  # the owner of an account the import creates (or has none)


def _name_key(rec: dict) -> str:
    return str(rec["name"]).casefold()  # `name` is clean: this is `domain.text.person_key`


# -- the kinds --------------------------------------------------------------------------------

ACCOUNT = Field("account", ACCOUNT_NAME, required=True, refers="account")
ORDER = Field("order", LINE, required=True, refers="order")

KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind(
            "accounts",
            "account",
            (
                Field("name", ACCOUNT_NAME, required=True, any_case=True),
                Field("owner", LINE),
                Field("tier", word(TIERS)),
                Field("clv", AMOUNT),
                Field("notes", NOTE, empty=""),
                Field("domain", DOMAINS, column="domains", empty=""),  # capture: e-mail domains
            ),
            key=("name_key",),
            sort=("name_key",),
            extra={"name_key": _name_key},
        ),
        Kind(
            "contacts",
            "contact",
            (
                ACCOUNT,
                Field("name", LINE, required=True, any_case=True),
                Field("role", LINE),
                Field("phone", LINE),
                Field("email", LINE),
                Field("primary", FLAG, column="is_primary", empty=False),
                Field("do_not_call", FLAG, empty=False),
            ),
            key=("account_id", "name"),
            sort=("account", "name"),
        ),
        Kind(
            "orders",
            "orders",
            (
                Field("ref", LINE),  # given, or made when missing (Importer._plan_orders)
                ACCOUNT,
                Field("title", LINE, empty=""),
                Field("value", AMOUNT),
                Field("status", word(STATUSES), required=True),
                Field("signed_on", DAY, required=True),
                Field("delivered_on", DAY),
                Field("competitor", LINE),
                Field("decision", word(DECISIONS)),
            ),
            key=("ref",),
            sort=("signed_on", "ref"),
            rules="order",
            against="held",
        ),
        Kind(
            "touchpoints",
            "touchpoint",
            (
                ACCOUNT,
                Field("kind", word(TOUCHPOINT_KINDS), required=True),
                Field("date", DAY, required=True),
                Field("order", LINE, refers="order"),
                Field("contact", LINE, refers="contact"),
                Field("note", NOTE, empty=""),
                Field("mood", word(MOODS)),
                Field("by", LINE, column="made_by", or_owner=True),  # as `log` has it
                # captured (PRODUCT.md §9): where from, and the hash of its key there, so a
                # restored book is not captured twice (store/capture.py ALREADY)
                Field("source", word(SOURCES)),
                Field("source_key", SOURCE_KEY),
                Field("direction", word(DIRECTIONS)),
                Field("seconds", SECONDS),
            ),
            key=(),  # matched by every field, in SQL (Importer.touchpoints)
            sort=("date",),
        ),
        Kind(
            "hurdles",
            "hurdle",
            (
                ORDER,
                Field("description", LINE, required=True),
                Field("raised_on", DAY, required=True),
                Field("resolved_on", DAY),
            ),
            key=("order_id", "description", "raised_on"),  # the outcome is not part of it
            sort=("raised_on", "order"),
            repeats=True,
            rules="hurdle",
            against="order_id",
        ),
        Kind(
            "reminders",
            "reminder",
            (
                ACCOUNT,
                Field("order", LINE, refers="order"),
                Field("text", LINE, required=True),
                Field("due", DAY, required=True),
                Field("done_on", DAY),
            ),
            key=("account_id", "text", "due"),
            sort=("due", "account"),
            repeats=True,
        ),
        Kind(
            "proposals",
            "proposal",
            (
                ORDER,
                Field("text", LINE, required=True),
                Field("sent_on", DAY, required=True),
                Field("answer_by", DAY),  # empty: the default of §3, worked out when due
                Field("agreed_on", DAY),  # closes it; logs nothing (touchpoints carry that)
                Field("declined_on", DAY),
                Field("note", NOTE, empty=""),
            ),
            key=("order_id", "text", "sent_on"),
            sort=("sent_on", "order"),
            repeats=True,
            rules="proposal",
            against="order_id",
        ),
        Kind(
            "team",
            "team_member",
            (
                ACCOUNT,
                Field("person", LINE, required=True, any_case=True),
                Field("role", LINE),
            ),
            key=("account_id", "person"),
            sort=("account", "person"),
        ),
        Kind(
            "opportunities",
            "opportunity",
            (
                ACCOUNT,
                Field("text", LINE, required=True),
                Field("noted_on", DAY, required=True),
                Field("source", LINE),  # the key of the item whose call revealed it
                Field("won_order", LINE, refers="order"),
                Field("dropped_on", DAY),
            ),
            key=("account_id", "text", "noted_on"),
            sort=("noted_on", "account"),
            repeats=True,
            rules="opportunity",
            against="won_order_id",
        ),
    )
}

# The columns no kind above carries, each with why (tests/test_schema.py: every column of
# store/models.py is a kind's field or named here, so a new column asks for a decision;
# docs/schema.md prints the reasons). A table of its own: every column but `id`.
ID = "a database's own number: records are matched by their keys (docs/import.md)"
NOT_EXPORTED: dict[str, dict[str, str]] = {
    **{kind.table: {"id": ID} for kind in KINDS.values()},
    "hurdle": {
        "id": ID,
        "discussed_after": "a touchpoint id, which another database numbers otherwise; an "
        "imported problem counts as discussed by any personal contact on or after raised_on "
        "(docs/import.md, note 4)",
    },
    "snooze": {"*": "a salesperson's short-term choice, not data (docs/import.md)"},
    "handoff": {"*": "a salesperson's short-term choice, not data (docs/import.md)"},
    "capture_state": {"*": "where a mailbox was left, per computer (docs/capture.md)"},
}
