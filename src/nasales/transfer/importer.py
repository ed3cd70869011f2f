"""Bulk import from CSV (PRODUCT.md §5): every row validated, then all of it written inside
the command's one transaction, or nothing.

What each kind is lives in `transfer/kinds.py`; the file is read by `transfer/reading.py`,
its columns bound to the kind's fields by `transfer/fields.py`, each cell read by
`transfer/cells.py`, the records a row names found by `transfer/lookups.py`; the SQL is
`store/bulk.py`. Here each row finds the record it is (by the kind's key), and the rows
are written.
"""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from nasales.domain import checks
from nasales.domain.text import person_key
from nasales.i18n import _
from nasales.store.bulk import BATCH, Bulk
from nasales.transfer.amounts import decide
from nasales.transfer.cells import DAY
from nasales.transfer.fields import parser, table_of
from nasales.transfer.first_rows import FirstRows
from nasales.transfer.kinds import KINDS, Kind
from nasales.transfer.lookups import NO_ACCOUNT, Lookups
from nasales.transfer.reading import NUL_ROW, Table, open_source
from nasales.transfer.summary import Summary

if TYPE_CHECKING:
    from nasales.store.db import Database


class Importer:
    """One import inside the caller's transaction: lookups loaded once, rows validated,
    then written in batches."""

    def __init__(self, db: "Database", kind: Kind, summary: Summary, skip_invalid: bool):
        self.db, self.kind, self.summary = db, kind, summary
        self.skip_invalid = skip_invalid
        self.bulk = bulk = Bulk(db)
        self.lookups = lookups = Lookups(bulk, summary)
        self.accounts = lookups.accounts
        self.refs = set(lookups.orders)
        self.unnamed: dict[tuple, str] = {}  # orders without a ref, see _plan_orders
        self.in_file: dict[str, tuple[int, tuple]] = {}  # an order's first row, by ref
        self.existing: list[dict] = []  # the records of the kind in the database
        self.primaries: dict[int, str] = {}  # the primary contact a file names per account
        # a row's values as table columns, worked out once per kind
        self.plain = [(f.name, f.to) for f in kind.fields if not f.refers]
        self.dates = [f.to for f in kind.fields if f.reader is DAY]  # ISO text on SQLite
        self.sqlite = bulk.sqlite
        self.named = [
            (f.name, f.to, f.refers) for f in kind.fields if f.refers not in ("", "account")
        ]
        self.names_account = kind.names_account
        self.extra = list(kind.extra.items())
        self.rules, self.against = kind.rules, kind.against
        self.first_rows = FirstRows(kind)
        self.or_owner = [f.to for f in kind.fields if f.or_owner]
        self.spelled = [f.to for f in kind.fields if f.any_case]
        self.any_case = [c in self.spelled for c in kind.key]
        self.empty = {f.to: f.empty for f in kind.fields}
        self.kept_when_empty = kind.kept_when_empty

    @property
    def failing(self) -> bool:
        """All or nothing: after an invalid row, the rest is only validated."""
        return bool(self.summary.invalid) and not self.skip_invalid

    def columns(self, values: dict, problems: list[str]) -> dict:
        """A row's values as table columns: dates as stored, the records it names as ids
        (an account it names that does not exist yet as NO_ACCOUNT), derived columns
        added; what is wrong with it noted (the rules across records: `check`)."""
        row = {column: values[name] for name, column in self.plain if name in values}
        if self.sqlite:
            for column in self.dates:
                if (day := row.get(column)) is not None:
                    row[column] = day.isoformat()
        account_id = None
        if self.names_account:
            account_id = row["account_id"] = self.lookups.known_account(values["account"])
        for name, column, refers in self.named:
            if name in values:
                if refers == "order":
                    row[column] = self.lookups.order_id(values[name], account_id, problems)
                else:
                    row[column] = self.lookups.contact_id(
                        values[name], account_id or NO_ACCOUNT, values["account"], problems
                    )
        for column, derive in self.extra:
            row[column] = derive(row)
        return row

    def check(self, row: dict, problems: list[str], found: dict | None = None) -> None:
        """The rules across fields and records (domain/checks.py), as the commands hold
        them: the record as the row leaves it against the order it names, or an order
        against what hangs on it in the database. A row that updates a record answers only
        for what it breaks: what was wrong with the record before (an older release let it
        be) is not its doing."""
        rec = row if found is None else {**found, **row}
        found_now = self.problems(rec)
        if found is not None and found_now:
            before = self.problems(found)
            found_now = [p for p in found_now if p not in before]
        problems += found_now

    def problems(self, rec: dict) -> list[str]:
        if self.against == "held":
            other = self.lookups.held(rec.get("id"))
        else:
            other = self.lookups.order_state(rec.get(self.against)) if self.against else None
        return checks.problems(self.rules, rec, other)

    def settle_account(self, values: dict, row: dict) -> None:
        """For a valid row: the account it names, created when missing (with its owner),
        and that owner in an empty field that defaults to it."""
        if not self.names_account:
            return
        if row["account_id"] == NO_ACCOUNT or values.get("owner"):
            row["account_id"] = self.lookups.account_id(values["account"], values.get("owner"))
        for column in self.or_owner:
            if column in row and not row[column]:
                row[column] = self.accounts[values["account"].casefold()][1]

    def rows(self, table: Table) -> Iterator[tuple[int, list]]:
        """The rows whose every cell is valid, their values in the order of the kind's
        readable fields; the others are noted in the summary."""
        parse = parser(table, self.kind)
        summary = self.summary
        nul = [_("a NUL byte in this line: is the file text?")]
        count = start = summary.rows
        try:
            for count, (line, cells) in enumerate(table.rows, start + 1):  # noqa: B007
                if cells is NUL_ROW:
                    summary.reject(line, nul)
                    continue
                values, problems = parse(cells)
                if problems:
                    summary.reject(line, problems)
                else:
                    yield line, values
        finally:
            summary.rows = count

    # -- matched by every field (touchpoints): streamed in batches --------------------------

    def stream(self, table: Table) -> None:
        """Into an empty table the rows go straight in (on SQLite with its indexes dropped
        and rebuilt after); else through a staging table, to leave out the ones that exist
        already: a touchpoint is matched by every field. A million rows pass through here,
        so each row stays a list in column order, and what it names is looked up inline."""
        bulk, kind, summary = self.bulk, self.kind, self.summary
        columns, fields = kind.columns, kind.fields
        empty = bulk.is_empty(kind.table)
        if empty:
            target, indexes = kind.table, bulk.drop_indexes(kind.table)
        else:
            target, indexes = bulk.staging(kind.table, columns), []
        at = {f.name: i for i, f in enumerate(kind.readable)}
        account, owner, width = at["account"], at["owner"], len(fields)
        named = [(i, f.refers) for i, f in enumerate(fields) if f.refers in ("order", "contact")]
        dates = [i for i, f in enumerate(fields) if f.reader is DAY] if self.sqlite else []
        or_owner = [i for i, f in enumerate(fields) if f.or_owner]
        insert, batch, valid = bulk.insert_sql(target, columns, once=empty), [], 0
        accounts, cursor = self.accounts, bulk.cursor
        for line, row in self.rows(table):
            name = row[account]
            found = accounts.get(name.casefold())
            account_id = NO_ACCOUNT if found is None else found[0]
            problems: list[str] = []
            for i, refers in named:
                if row[i]:
                    if refers == "order":
                        row[i] = self.lookups.order_id(row[i], account_id, problems)
                    else:
                        row[i] = self.lookups.contact_id(row[i], account_id, name, problems)
            if self.rules:
                self.check(dict(zip(columns, row, strict=False)), problems)
            if problems:
                summary.reject(line, problems)
                continue
            if found is None or row[owner]:
                account_id = self.lookups.account_id(name, row[owner])
                found = accounts[name.casefold()]
            row[account] = account_id
            for i in dates:
                if row[i] is not None:
                    row[i] = row[i].isoformat()
            for i in or_owner:
                if not row[i]:
                    row[i] = found[1]
            batch.append(row[:width])
            valid += 1
            if len(batch) >= BATCH:
                if not self.failing:
                    cursor.executemany(insert, batch)
                batch.clear()
        if batch and not self.failing:
            cursor.executemany(insert, batch)
        if empty:
            # a captured touchpoint named twice in the file goes in once (its source key)
            summary.created = valid if self.failing else bulk.count(kind.table)
            summary.unchanged += valid - summary.created
            bulk.rebuild(indexes)
            return
        if not self.failing:
            never_null = [f.to for f in fields if f.required or f.empty is not None]
            unchanged, new = bulk.merge(target, kind.table, columns, never_null)
            summary.unchanged += unchanged
            summary.created += new
        bulk.drop(target)

    # -- the other kinds: few enough rows to plan in memory ---------------------------------

    def records(self, table: Table) -> None:
        """Match each row to a record by the kind's key; insert it, update it, or leave it.
        Where two records may share a key (`Kind.repeats`), each row matches a record no
        other row of the file has matched, so a file with two alike rows keeps two records."""
        kind, summary = self.kind, self.summary
        keyed: dict[tuple, list[dict]] = {}
        for rec in self._existing():
            keyed.setdefault(self.key(rec), []).append(rec)
        # a kind with rules of its own (below): named here, so each is found by its name
        plan = {"contacts": self._plan_contacts, "orders": self._plan_orders}.get(kind.name)
        new: list[dict] = []
        changed: dict[int, dict] = {}
        matched: set[int] = set()  # id() of the records rows of this file have matched
        present = [(f.name, i) for i, f in enumerate(kind.readable) if f.name in table.columns]
        for line, listed in self.rows(table):
            values = {name: listed[i] for name, i in present}
            problems: list[str] = []
            row = self.columns(values, problems)
            if plan is not None:
                plan(values, row, problems, line)
            self.first_rows.compare(values, row, problems)
            found = None if problems else self._match(keyed.get(self.key(row), []), matched)
            if found is not None:
                self._keep_what_is_empty(values, row)
            if self.rules and not problems and (found is None or self._changes(found, row)):
                self.check(row, problems, found)
            if problems:
                summary.reject(line, problems)
                continue
            self.settle_account(values, row)
            if plan is not None:
                plan(values, row, None, line)  # the row is valid: the kind's own bookkeeping
            self.first_rows.note(values, row, line)
            if found is None:
                rec = {**dict.fromkeys(kind.columns), **self.empty, **row}
                keyed.setdefault(self.key(rec), []).append(rec)
                new.append(rec)
                summary.created += 1
            else:
                rec = found
                for column in self.spelled:  # matched in any case: it keeps its spelling
                    row.pop(column, None)
                if {**rec, **row} == rec:
                    summary.unchanged += 1
                else:
                    rec.update(row)
                    if rec.get("id") is not None:
                        changed[rec["id"]] = rec
                    summary.updated += 1
            matched.add(id(rec))
        if not self.failing:
            columns = kind.columns
            self.bulk.insert(kind.table, columns, [tuple(r[c] for c in columns) for r in new])
            rows = [(*(r[c] for c in columns), r["id"]) for r in changed.values()]
            self.bulk.update(kind.table, columns, rows)
            if self.primaries:
                self._only_primaries()

    def _keep_what_is_empty(self, values: dict, row: dict) -> None:
        """An empty cell of a row that matches a record keeps what the record holds: a CRM
        export re-imported every week never wipes what the salesperson typed since."""
        for name, column in self.kept_when_empty:
            if name in values and values[name] in (None, "") and column in row:
                del row[column]

    def _changes(self, rec: dict, row: dict) -> bool:
        """Whether `row` changes the record `rec` (a name in another case does not): a record
        the database holds as the row has it is not held to the rules again."""
        return any(rec.get(c) != v for c, v in row.items() if c not in self.spelled)

    def _match(self, records: list[dict], matched: set[int]) -> dict | None:
        if not self.kind.repeats:
            return records[0] if records else None
        return next((rec for rec in records if id(rec) not in matched), None)

    def _existing(self) -> list[dict]:
        records = self.existing = self.bulk.records(self.kind.table, self.kind.columns)
        flags = [f.to for f in self.kind.fields if f.empty is False]
        for rec in records:
            for flag in flags:
                rec[flag] = bool(rec[flag])
        return records

    def key(self, rec: dict) -> tuple:
        """How a row finds its record: the kind's key (PRODUCT.md §5), names in any case."""
        return tuple(
            person_key(rec[c]) if folded and rec[c] else rec.get(c)
            for c, folded in zip(self.kind.key, self.any_case, strict=True)
        )

    # Each _plan_KIND is called twice for a row: with the list of its problems, to add the
    # kind's own rules; then, once the row is valid and its account settled, with None.

    def _plan_contacts(self, values: dict, row: dict, problems: list | None, line: int) -> None:
        """A file names at most one primary contact per account; it becomes the only one."""
        if not row.get("is_primary"):
            return
        name = row["name"].casefold()
        if problems is None:
            self.primaries[row["account_id"]] = name
        elif self.primaries.get(row["account_id"], name) != name:
            problems.append(
                _("a second primary contact at {account!r}").format(account=values["account"])
            )

    def _only_primaries(self) -> None:
        """The file's primary is its account's only one, found by id: SQL's lower() folds
        ASCII only, so the names are matched here, with casefold."""
        primary = {}
        for id_, account_id, name in self.bulk.contacts():
            if self.primaries.get(account_id) == name.casefold():
                primary[account_id] = id_
        self.bulk.only_primary((id_, account_id) for account_id, id_ in primary.items())

    def _plan_orders(self, values: dict, row: dict, problems: list | None, line: int) -> None:
        """An order is matched by ref; a row without one by account, title, status and day.
        An order stays with its account, and a file names each order once: a second row for
        it is invalid, unless it is the same as the first (then it is a mere duplicate)."""
        if problems is None:
            if not row.get("ref"):  # a new order without a ref: it gets one
                row["ref"] = self.unnamed[self._unnamed(row)] = self._next_ref()
            self.refs.add(row["ref"])
            self.in_file.setdefault(row["ref"], (line, self._same(values, row)))
            return
        if not self.unnamed and self.existing:
            self.unnamed = {self._unnamed(rec): rec["ref"] for rec in self.existing}
        given = row.get("ref")
        ref = given or self.unnamed.get(self._unnamed(row))
        found = self.lookups.orders.get(ref) if ref else None
        if found is not None and found[1] != row["account_id"]:
            problems.append(checks.other_account(ref))
        first = self.in_file.get(ref) if ref else None
        if first is not None and first[1] != self._same(values, row):
            problems.append(
                _("ref {ref!r} appears twice in this file (line {line})").format(
                    ref=ref, line=first[0]
                )
                if given
                else _("the same order as line {line} (account, title, status, signed_on)").format(
                    line=first[0]
                )
            )
        if ref:
            row["ref"] = ref

    def _same(self, values: dict, row: dict) -> tuple:
        """What makes two rows of a file the same order (the ref aside: it is the same)."""
        fields = sorted((k, v) for k, v in row.items() if k not in ("account_id", "ref"))
        return values["account"].casefold(), tuple(fields)

    def _unnamed(self, rec: dict) -> tuple:
        return rec["account_id"], rec.get("title") or "", rec["status"], rec["signed_on"]

    def _next_ref(self) -> str:
        from nasales.store.orders import next_ref

        return next_ref(self.db, self.refs)


def import_csv(
    db: "Database",
    kind: str,
    path: Path | str,
    mapping: dict[str, str],
    skip_invalid: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    decimal: str | None = None,
) -> Summary:
    """Import `path` (`-`: standard input) as `kind`; nothing is kept unless every row is
    valid or `skip_invalid` (else the caller raises, rolling its transaction back; a dry run
    rolls back here). Amounts: by the mark `decimal`, else the file's (transfer/amounts.py)."""
    summary = Summary(kind, dry_run=dry_run)
    declared = KINDS[kind]
    with open_source(path, progress) as source:
        table = table_of(source.lines, declared, mapping, source.name)
        table, summary.amounts = decide(table, declared, decimal)
        summary.ignored_columns = table.ignored
        importer = Importer(db, declared, summary, skip_invalid)
        if declared.key:
            importer.records(table)
        else:
            importer.stream(table)
    if dry_run:
        db.conn.rollback()
    return summary
