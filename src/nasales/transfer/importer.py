"""Bulk import from CSV (PRODUCT.md §5): read what real exports look like, validate every
row, and write all of it inside the command's one transaction, or nothing.

Reading is pure (`read_table`, `row_parser`); writing goes through the DBAPI cursor of the
command's own connection with `executemany`, so a million touchpoints stay fast. Accounts,
orders and contacts are looked up in dictionaries loaded once.
"""

import codecs
import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nasales.domain.dates import FIRST_YEAR, LAST_YEAR, OutOfRange, parse_date
from nasales.domain.text import clean_name
from nasales.domain.vocabulary import DECISIONS, KINDS, MOODS, STATUSES, TIERS, choice
from nasales.errors import Invalid
from nasales.i18n import _
from nasales.output.csvsafe import unguard
from nasales.store.orders import next_ref

if TYPE_CHECKING:
    from nasales.store.db import Database

# The columns of each kind, in the order `export` writes them (the field names of §2).
FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": ("name", "owner", "tier", "clv", "notes"),
    "contacts": ("account", "name", "role", "phone", "email", "primary", "do_not_call"),
    "orders": (
        "ref",
        "account",
        "title",
        "value",
        "status",
        "signed_on",
        "delivered_on",
        "competitor",
        "decision",
    ),
    "touchpoints": ("account", "kind", "date", "order", "contact", "note", "mood", "by"),
    "hurdles": ("order", "description", "raised_on", "resolved_on"),
    "reminders": ("account", "order", "text", "due", "done_on"),
}
DATES = ("signed_on", "delivered_on", "date", "raised_on", "resolved_on", "due", "done_on")
REQUIRED = {
    "accounts": ("name",),
    "contacts": ("account", "name"),
    "orders": ("account", "status", "signed_on"),
    "touchpoints": ("account", "kind", "date"),
    "hurdles": ("order", "description", "raised_on"),
    "reminders": ("account", "text", "due"),
}
# Import-only: the owner of an account the import names, filled in where it has none.
OWNER_FILLED_BY = ("contacts", "orders", "touchpoints", "reminders")
FREE_TEXT = ("notes", "note")  # kept as written (other cells are trimmed)
BATCH = 10_000
TRUE = {"true", "yes", "y", "1", "x", "ja", "j", "waar", "wahr", "vrai", "✓"}
FALSE = {"false", "no", "n", "0", "nee", "onwaar", "falsch", "faux", ""}


@dataclass
class Summary:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts_created: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def lines(self) -> list[str]:
        verb = "would import" if self.dry_run else "imported"
        text = (
            f"{self.kind}: {self.rows} rows read, {verb} {self.imported} "
            f"({self.created} new, {self.updated} updated, {self.unchanged} unchanged)"
        )
        if self.invalid:
            text += f", {len(self.invalid)} invalid"
        if self.accounts_created:
            plural = "s" if self.accounts_created != 1 else ""
            text += f"; {self.accounts_created} account{plural} created"
        lines = [text]
        if self.ignored_columns:
            lines.append("ignored columns: " + ", ".join(self.ignored_columns))
        if self.dry_run:
            lines.append("dry run: nothing written")
        return lines


# -- reading --------------------------------------------------------------------------------


def parse_map(pairs: Iterable[str], kind: str) -> dict[str, str]:
    """`SRC=FIELD` options as {source column (casefolded): field}."""
    allowed = allowed_fields(kind)
    mapping = {}
    for pair in pairs:
        src, sep, target = pair.partition("=")
        target = target.strip().lower()
        if not sep or not src.strip() or not target:
            raise Invalid(f"bad --map {pair!r}: use SOURCE=FIELD, e.g. close_date=signed_on")
        if target not in allowed:
            raise Invalid(f"bad --map {pair!r}: {kind} have the fields {', '.join(allowed)}")
        mapping[src.strip().casefold()] = target
    return mapping


def allowed_fields(kind: str) -> tuple[str, ...]:
    return FIELDS[kind] + (("owner",) if kind in OWNER_FILLED_BY else ())


def detect_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM), else Windows-1252: what an older Excel writes."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as f:
        try:
            while chunk := f.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig"


def sniff_delimiter(header_line: str) -> str:
    """Comma, or the semicolon Dutch Excel writes, or a tab: whichever the header has most."""
    counts = {d: header_line.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class Table:
    columns: dict[str, int]  # field -> column index
    ignored: list[str]
    rows: Iterator[tuple[int, list[str]]]  # (line number, cells)


def read_table(
    lines: Iterable[str], kind: str, mapping: dict[str, str], name: str = "the file"
) -> Table:
    """The header resolved to fields, and the data rows with their line numbers."""
    lines = iter(lines)
    first = next(lines, "")
    reader = csv.reader(_chain(first, lines), delimiter=sniff_delimiter(first))
    header = next(reader, None)
    if not header:
        raise Invalid(f"{name} is empty: expected a header row")
    allowed = allowed_fields(kind)
    columns: dict[str, int] = {}
    ignored = []
    for index, title in enumerate(header):
        folded = title.strip().casefold()
        target = mapping.get(folded)
        if target is None:  # its own name, unless --map gave that field to another column
            target = "" if folded in mapping.values() else folded
        if target not in allowed:
            ignored.append(title.strip())
            continue
        if target in columns:
            raise Invalid(
                f"{name}: two columns for {target!r}: {header[columns[target]]!r}, {title!r}"
            )
        columns[target] = index
    unknown = set(mapping) - {h.strip().casefold() for h in header}
    if unknown:
        raise Invalid(f"--map names no column of {name}: {', '.join(sorted(unknown))}")
    missing = [f for f in REQUIRED[kind] if f not in columns]
    if missing:
        raise Invalid(
            f"{name} has no column for {', '.join(missing)} (its columns: {', '.join(header)}); "
            "name them with --map SOURCE=FIELD"
        )
    return Table(columns, ignored, _numbered(reader))


def _chain(first: str, rest: Iterator[str]) -> Iterator[str]:
    yield first
    yield from rest


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    end = reader.line_num
    for cells in reader:
        start, end = end + 1, reader.line_num
        if "".join(cells).strip():  # not a blank line, nor one of Excel's trailing ;;;; rows
            yield start, cells


# -- one row --------------------------------------------------------------------------------


def _date(text: str, name: str) -> date:
    """A date as the command line reads it (`parse_date`); a plain ISO day the quick way.

    `date.fromisoformat` alone accepts more than `parse_date` (`2026-W48-5`, `20261127`).
    Of the forms it reads, only YYYY-MM-DD is ten ASCII characters with `-` at 4 and 7."""
    if len(text) == 10 and text[4] == text[7] == "-" and text.isascii():
        try:
            day = date.fromisoformat(text)
        except ValueError:
            pass  # no such day: parse_date says so
        else:
            if FIRST_YEAR <= day.year <= LAST_YEAR:
                return day
    try:
        return parse_date(text)
    except OutOfRange:
        raise Invalid(
            _("bad {name} {text!r}: use a year from {first} to {last}").format(
                name=name, text=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        ) from None
    except Invalid:
        raise Invalid(
            _("bad {name} {text!r}: use 2026-11-27 or 27-11-2026").format(name=name, text=text)
        ) from None


def _number(text: str, name: str) -> float:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    head, comma, tail = cleaned.rpartition(",")
    if comma and "." not in cleaned and tail.isdigit() and len(tail) <= 2:
        cleaned = f"{head}.{tail}"  # a decimal comma: 1054,50
    try:
        number = float(cleaned)
    except ValueError:
        raise Invalid(f"bad {name} {text!r}: not a number") from None
    if number < 0 or number != number or number in (float("inf"), float("-inf")):
        raise Invalid(f"bad {name} {text!r}: must be zero or more")
    return number


def _flag(text: str, name: str) -> bool:
    folded = text.casefold()
    if folded in TRUE:
        return True
    if folded in FALSE:
        return False
    raise Invalid(f"bad {name} {text!r}: use yes or no")


def _one_of(allowed: tuple[str, ...]) -> Callable[[str, str], Any]:
    return lambda text, name: choice(text, allowed, name)


def _name(text: str, name: str) -> str:
    return clean_name(text, name)


PARSERS: dict[str, Callable[[str, str], Any]] = {
    "name": _name,
    "account": _name,
    "contact": _name,
    "description": _name,
    "text": _name,
    "tier": _one_of(TIERS),
    "clv": _number,
    "value": _number,
    "primary": _flag,
    "do_not_call": _flag,
    "status": _one_of(STATUSES),
    "decision": _one_of(DECISIONS),
    "kind": _one_of(KINDS),
    "mood": _one_of(MOODS),
    **dict.fromkeys(DATES, _date),
}
EMPTY: dict[str, Any] = {
    "notes": "",
    "note": "",
    "title": "",
    "primary": False,
    "do_not_call": False,
}


def row_parser(columns: dict[str, int], kind: str) -> Callable[[list[str]], tuple[dict, list[str]]]:
    """A function from a row's cells to its values by field (present columns only) and what
    is wrong with it, in column order. Built once per file: it runs for every row."""
    required = REQUIRED[kind]
    fields = [
        (name, index, PARSERS.get(name), name not in FREE_TEXT, name in required, EMPTY.get(name))
        for name, index in columns.items()
    ]
    width = max(columns.values(), default=-1) + 1

    def parse(cells: list[str]) -> tuple[dict, list[str]]:
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        values: dict[str, Any] = {}
        problems = []
        for name, index, parser, strip, needed, empty in fields:
            text = cells[index]
            if text[:1] == "'":
                text = unguard(text)
            if strip:
                text = text.strip()
            if not text:
                if needed:
                    problems.append(f"empty {name}")
                values[name] = empty
            elif parser is None:
                values[name] = text
            else:
                try:
                    values[name] = parser(text, name)
                except Invalid as exc:
                    problems.append(str(exc))
        return values, problems

    return parse


# -- writing --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """The table a kind goes into and the columns the import writes."""

    table: str
    columns: tuple[str, ...]


TARGETS = {
    "accounts": Target("account", ("name", "name_key", "owner", "tier", "clv", "notes")),
    "contacts": Target(
        "contact", ("account_id", "name", "role", "phone", "email", "is_primary", "do_not_call")
    ),
    "orders": Target(
        "orders",
        (
            "ref",
            "account_id",
            "title",
            "value",
            "status",
            "signed_on",
            "delivered_on",
            "competitor",
            "decision",
        ),
    ),
    "touchpoints": Target(
        "touchpoint",
        ("account_id", "kind", "date", "order_id", "contact_id", "note", "mood", "made_by"),
    ),
    "hurdles": Target("hurdle", ("order_id", "description", "raised_on", "resolved_on")),
    "reminders": Target("reminder", ("account_id", "order_id", "text", "due", "done_on")),
}
COLUMN_OF = {"primary": "is_primary", "by": "made_by"}  # file field -> column, where they differ
DEFAULTS = {"title": "", "notes": "", "is_primary": False, "do_not_call": False}
NO_ACCOUNT = 0  # an account id no account has: an order or contact never belongs to it
TOUCHPOINTS_TEMP = "nasales_import_touchpoint"


class Importer:
    """One import inside the caller's transaction: lookups loaded once, rows validated,
    then written in batches through the DBAPI cursor of the command's own connection."""

    def __init__(self, db: "Database", kind: str, summary: Summary, skip_invalid: bool):
        self.db, self.kind, self.summary = db, kind, summary
        self.skip_invalid = skip_invalid
        self.sqlite = db.dialect == "sqlite"
        self.mark = "?" if self.sqlite else "%s"
        self.cursor = db.conn.cursor()
        if self.sqlite:
            # room for the touchpoint indexes while a million rows go in (this connection only)
            self.cursor.execute("PRAGMA cache_size = -262144")
        self.accounts = {
            key: [id_, owner]
            for id_, key, owner in self._all("SELECT id, name_key, owner FROM account")
        }
        self.orders = {
            ref: (id_, account_id)
            for id_, ref, account_id in self._all("SELECT id, ref, account_id FROM orders")
        }
        self.contacts = {
            (account_id, name.casefold()): id_
            for id_, account_id, name in self._all("SELECT id, account_id, name FROM contact")
        }
        self.refs = set(self.orders)
        self.unnamed: dict[tuple, str] = {}  # orders without a ref, see _plan_orders
        self.in_file: dict[str, tuple[int, tuple]] = {}  # an order's first row, by ref
        self.existing: dict[tuple, dict] = {}  # the records of the kind, by `_key`
        self.primaries: dict[int, str] = {}  # the primary contact a file names per account

    @property
    def failing(self) -> bool:
        """All or nothing: after an invalid row, the rest is only validated."""
        return bool(self.summary.invalid) and not self.skip_invalid

    def _all(self, sql: str, params: tuple = ()) -> list[tuple]:
        self.cursor.execute(sql, params)
        return list(self.cursor.fetchall())

    def _insert_sql(self, table: str, columns: Iterable[str]) -> str:
        columns = tuple(columns)
        marks = ", ".join([self.mark] * len(columns))
        return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"

    def _day(self, value: date | None) -> Any:
        # SQLite keeps a DATE as ISO text: compare and write it in that form
        return value.isoformat() if value is not None and self.sqlite else value

    # -- lookups ----------------------------------------------------------------------------

    def account_id(self, name: str, owner: str | None) -> int:
        """The account's id, created when missing; an owner fills in an empty one."""
        key = name.casefold()
        found = self.accounts.get(key)
        if found is None:
            sql = self._insert_sql("account", ("name", "name_key", "owner", "notes"))
            self.cursor.execute(sql + " RETURNING id", (name, key, owner, ""))
            (new_id,) = self.cursor.fetchone()  # type: ignore[misc]
            found = self.accounts[key] = [new_id, owner]
            self.summary.accounts_created += 1
        elif owner and not found[1]:
            self.cursor.execute(
                f"UPDATE account SET owner = {self.mark} WHERE id = {self.mark}", (owner, found[0])
            )
            found[1] = owner
        return found[0]  # type: ignore[no-any-return]

    def known_account(self, name: str) -> int:
        return self.accounts.get(name.casefold(), [NO_ACCOUNT])[0]  # type: ignore[no-any-return]

    def order_id(self, ref: str | None, account_id: int | None, problems: list[str]) -> Any:
        """The order's id; `account_id` None: any account's order will do."""
        if not ref:
            return None
        found = self.orders.get(ref)
        if found is None:
            problems.append(f"unknown order {ref!r}")
            return None
        if account_id is not None and found[1] != account_id:
            problems.append(f"order {ref!r} belongs to another account")
        return found[0]

    def rows(self, table: Table) -> Iterator[tuple[int, dict]]:
        """The rows whose every cell is valid; the others are noted in the summary."""
        parse = row_parser(table.columns, self.kind)
        for line, cells in table.rows:
            self.summary.rows += 1
            values, problems = parse(cells)
            if problems:
                self.reject(line, problems)
            else:
                yield line, values

    def reject(self, line: int, problems: list[str]) -> None:
        self.summary.invalid.append((line, "; ".join(problems)))

    # -- touchpoints: streamed in batches, straight in or through a temporary table --------

    def touchpoints(self, table: Table) -> None:
        """Into an empty table the rows go straight in (on SQLite with its indexes dropped
        and rebuilt after); else through a temporary table, to leave out the ones that
        exist already."""
        columns = TARGETS["touchpoints"].columns
        empty = not self._all("SELECT 1 FROM touchpoint LIMIT 1")
        if empty:
            target = "touchpoint"
            indexes = self._drop_indexes("touchpoint") if self.sqlite else []
        else:
            target = TOUCHPOINTS_TEMP
            self.cursor.execute(f"DROP TABLE IF EXISTS {target}")
            self.cursor.execute(
                f"CREATE TEMPORARY TABLE {target} AS "
                f"SELECT {', '.join(columns)} FROM touchpoint WHERE 1 = 0"
            )
        insert, batch, valid = self._insert_sql(target, columns), [], 0
        for line, v in self.rows(table):
            problems: list[str] = []
            account_id = self.known_account(v["account"])
            order_id = self.order_id(v.get("order"), account_id, problems)
            contact_id = None
            if v.get("contact"):
                contact_id = self.contacts.get((account_id, v["contact"].casefold()))
                if contact_id is None:
                    problems.append(f"unknown contact {v['contact']!r} at {v['account']!r}")
            if problems:
                self.reject(line, problems)
                continue
            if account_id == NO_ACCOUNT or v.get("owner"):
                account_id = self.account_id(v["account"], v.get("owner"))
            by = v.get("by") or self.accounts[v["account"].casefold()][1]
            day = v["date"].isoformat() if self.sqlite else v["date"]
            note = v.get("note") or ""
            batch.append(
                (account_id, v["kind"], day, order_id, contact_id, note, v.get("mood"), by)
            )
            valid += 1
            if len(batch) >= BATCH:
                self._flush(insert, batch)
        self._flush(insert, batch)
        if empty:
            self.summary.created = valid
            for sql in indexes:
                self.cursor.execute(sql)
            return
        if not self.failing:
            self._merge_touchpoints(target, columns)
        self.cursor.execute(f"DROP TABLE {target}")

    def _flush(self, sql: str, batch: list[tuple]) -> None:
        if batch and not self.failing:
            self.cursor.executemany(sql, batch)
        batch.clear()

    def _merge_touchpoints(self, temp: str, columns: tuple[str, ...]) -> None:
        """Add the rows that no touchpoint matches in every field; for a bulk load into
        SQLite, drop the indexes first and rebuild them after (in the same transaction)."""
        ((new,),) = self._all(f"SELECT COUNT(*) FROM {temp}")
        ((existing,),) = self._all("SELECT COUNT(*) FROM touchpoint")
        if existing:
            same = "IS" if self.sqlite else "IS NOT DISTINCT FROM"
            match = " AND ".join(
                f"t.{c} = n.{c}"
                if c in ("account_id", "kind", "date", "note")
                else f"t.{c} {same} n.{c}"
                for c in columns
            )
            self.cursor.execute(
                f"DELETE FROM {temp} AS n WHERE EXISTS (SELECT 1 FROM touchpoint t WHERE {match})"
            )
            self.summary.unchanged += self.cursor.rowcount
            new -= self.cursor.rowcount
        rebuild = self.sqlite and new >= 50_000 and new >= existing
        indexes = self._drop_indexes("touchpoint") if rebuild else []
        names = ", ".join(columns)
        self.cursor.execute(f"INSERT INTO touchpoint ({names}) SELECT {names} FROM {temp}")
        self.summary.created += new
        for sql in indexes:
            self.cursor.execute(sql)

    def _drop_indexes(self, table: str) -> list[str]:
        """Drop a table's indexes and return the SQL that rebuilds them."""
        indexes = self._all(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
        for name, _sql in indexes:
            self.cursor.execute(f'DROP INDEX "{name}"')
        return [sql for _name, sql in indexes]

    # -- the other kinds: few enough rows to plan in memory ---------------------------------

    def records(self, table: Table) -> None:
        """Match each row to a record (see `_key`); insert it, update it, or leave it be."""
        target = TARGETS[self.kind]
        keyed = self.existing = {self._key(rec): rec for rec in self._existing(target)}
        new: list[dict] = []
        changed: dict[int, dict] = {}
        plan = getattr(self, f"_plan_{self.kind}")
        for line, values in self.rows(table):
            problems: list[str] = []
            row = plan(values, problems, line)
            rec = None if problems else keyed.get(self._key(row))
            merged = {**(rec or {}), **row}
            if rec is not None:
                self._check(merged, problems)
            if problems:
                self.reject(line, problems)
            elif rec is None:
                rec = keyed[self._key(row)] = {**dict.fromkeys(target.columns), **DEFAULTS, **row}
                new.append(rec)
                self.summary.created += 1
            elif merged == rec:
                self.summary.unchanged += 1
            else:
                rec.update(row)
                if rec.get("id") is not None:
                    changed[rec["id"]] = rec
                self.summary.updated += 1
        if not self.failing:
            self._write(target, new, list(changed.values()))

    def _existing(self, target: Target) -> list[dict]:
        columns = ("id", *target.columns)
        rows = self._all(f"SELECT {', '.join(columns)} FROM {target.table}")
        records = [dict(zip(columns, row, strict=True)) for row in rows]
        for rec in records:
            for flag in ("is_primary", "do_not_call"):
                if flag in rec:
                    rec[flag] = bool(rec[flag])
        self.unnamed = {self._unnamed(rec): rec["ref"] for rec in records if "ref" in rec}
        return records

    def _key(self, rec: dict) -> tuple:
        """How a row finds its record: PRODUCT.md §5 (a hurdle's and a reminder's outcome,
        resolved_on and done_on, is not part of it, so a later export updates them)."""
        if self.kind == "accounts":
            return (rec["name_key"],)
        if self.kind == "contacts":
            return rec["account_id"], rec["name"].casefold()
        if self.kind == "orders":
            return (rec["ref"],)
        if self.kind == "hurdles":
            return rec["order_id"], rec["description"], rec["raised_on"]
        return rec["account_id"], rec["text"], rec["due"]

    def _row(self, values: dict, *skip: str) -> dict:
        """The present fields as table columns, dates in stored form."""
        row = {}
        for name, value in values.items():
            if name not in skip:
                column = COLUMN_OF.get(name, name)
                row[column] = self._day(value) if name in DATES else value
        return row

    # Each _plan_KIND turns a row's values into table columns and notes what is wrong with
    # the row; an account it names is created only once the row has no problems.

    def _plan_accounts(self, values: dict, problems: list[str], line: int) -> dict:
        return {**self._row(values), "name_key": values["name"].casefold()}

    def _plan_contacts(self, values: dict, problems: list[str], line: int) -> dict:
        row = self._row(values, "account", "owner")
        name = row["name"].casefold()
        if row.get("is_primary"):  # an account the file has not named yet has no primary yet
            first = self.primaries.get(self.known_account(values["account"]), name)
            if first != name:
                problems.append(f"a second primary contact at {values['account']!r}")
        if not problems:
            row["account_id"] = self.account_id(values["account"], values.get("owner"))
            if row.get("is_primary"):
                self.primaries[row["account_id"]] = name
        return row

    def _plan_orders(self, values: dict, problems: list[str], line: int) -> dict:
        """An order is matched by ref; a row without one by account, title, status and day.
        An order stays with its account, and a file names each order once: a second row for
        it is invalid, unless it is the same as the first (then it is a mere duplicate)."""
        row = self._row(values, "account", "owner")
        account_id = self.known_account(values["account"])
        ref = row.get("ref") or self.unnamed.get(self._unnamed({**row, "account_id": account_id}))
        found = self.orders.get(ref) if ref else None
        if found is not None and found[1] != account_id:
            problems.append(f"order {ref!r} belongs to another account")
        same = (values["account"].casefold(), dict(row))
        first = self.in_file.get(ref) if ref else None
        if first is not None and first[1] != same:
            problems.append(
                f"ref {ref!r} appears twice in this file (line {first[0]})"
                if row.get("ref")
                else f"the same order as line {first[0]} (account, title, status, signed_on)"
            )
        existing = self.existing.get((ref,)) if ref else None
        self._check({**(existing or {}), **row}, problems)
        if problems:
            return row
        row["account_id"] = self.account_id(values["account"], values.get("owner"))
        if not ref:  # a new order without a ref: it gets one
            ref = self.unnamed[self._unnamed(row)] = next_ref(self.db, self.refs)
        row["ref"] = ref
        self.refs.add(ref)
        self.in_file.setdefault(ref, (line, same))
        return row

    def _unnamed(self, rec: dict) -> tuple:
        return rec["account_id"], rec.get("title") or "", rec["status"], rec["signed_on"]

    def _plan_hurdles(self, values: dict, problems: list[str], line: int) -> dict:
        row = self._row(values, "order")
        row["order_id"] = self.order_id(values["order"], None, problems)
        return row

    def _plan_reminders(self, values: dict, problems: list[str], line: int) -> dict:
        row = self._row(values, "account", "order", "owner")
        row["order_id"] = self.order_id(
            values.get("order"), self.known_account(values["account"]), problems
        )
        if not problems:
            row["account_id"] = self.account_id(values["account"], values.get("owner"))
        return row

    def _check(self, rec: dict, problems: list[str]) -> None:
        """Rules across fields, on the record as it would be after the row."""
        if rec.get("status") == "lost" and rec.get("delivered_on"):
            problems.append("a lost order is never delivered: leave delivered_on empty")
        for first, later in (("signed_on", "delivered_on"), ("raised_on", "resolved_on")):
            if rec.get(first) and rec.get(later) and str(rec[later]) < str(rec[first]):
                problems.append(f"{later} {rec[later]} is before {first} {rec[first]}")

    def _write(self, target: Target, new: list[dict], changed: list[dict]) -> None:
        columns = target.columns
        insert = self._insert_sql(target.table, columns)
        for start in range(0, len(new), BATCH):
            chunk = new[start : start + BATCH]
            self.cursor.executemany(insert, [tuple(rec[c] for c in columns) for rec in chunk])
        sets = ", ".join(f"{c} = {self.mark}" for c in columns)
        update = f"UPDATE {target.table} SET {sets} WHERE id = {self.mark}"
        if changed:
            self.cursor.executemany(update, [(*(r[c] for c in columns), r["id"]) for r in changed])
        if self.primaries:  # the file's primary is the only one, found by id: SQL's lower()
            primary = {}  # folds ASCII only, so the names are matched here, with casefold
            for id_, account_id, name in self._all("SELECT id, account_id, name FROM contact"):
                if self.primaries.get(account_id) == name.casefold():
                    primary[account_id] = id_
            mark = self.mark
            self.cursor.executemany(
                f"UPDATE contact SET is_primary = (id = {mark}) WHERE account_id = {mark}",
                [(id_, account_id) for account_id, id_ in primary.items()],
            )


def import_csv(
    db: "Database",
    kind: str,
    path: Path,
    mapping: dict[str, str],
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Summary:
    """Import `path` as `kind`; nothing is kept unless every row is valid or `skip_invalid`.

    The caller's transaction is rolled back for a dry run; on invalid rows without
    `skip_invalid` the caller raises, which rolls it back too.
    """
    summary = Summary(kind, dry_run=dry_run)
    with path.open(encoding=detect_encoding(path), newline="") as f:
        lines: Iterable[str] = _counted(f, progress) if progress else f
        table = read_table(lines, kind, mapping, path.name)
        summary.ignored_columns = table.ignored
        importer = Importer(db, kind, summary, skip_invalid)
        if kind == "touchpoints":
            importer.touchpoints(table)
        else:
            importer.records(table)
    if dry_run:
        db.conn.rollback()
    return summary


def _counted(lines: Iterable[str], progress: Callable[[int], None]) -> Iterator[str]:
    done = 0
    for n, line in enumerate(lines):
        done += len(line)
        if n % 5000 == 0:
            progress(done)
        yield line
    progress(done)
