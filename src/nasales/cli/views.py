"""What the daily commands show and do, composed from the store and the rules: the call
list, one account's page, and `done`."""

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from nasales.domain.playbook import Playbook
    from nasales.output.account import AccountView
    from nasales.output.calls import CallList
    from nasales.store.customers import Account, Contact
    from nasales.store.db import Database
    from nasales.store.followup import ItemRef
    from nasales.store.people import Change


def playbook() -> "Playbook":
    """The playbook with this run's rules and working days (the settings, read once)."""
    from nasales.settings import current

    return current().playbook()


def call_list(
    db: "Database",
    rules: "Playbook",
    today: date,
    title: str,
    owner: str | None = None,
    person: str | None = None,
    days: int | None = None,
) -> "CallList":
    """Today's calls (or, with `days`, the agenda) of everyone, one account manager
    (`owner`) or one person (`person`: what they own plus what is handed to them)."""
    from datetime import timedelta

    from nasales.domain.calls import calls, for_person
    from nasales.output.calls import CallList
    from nasales.store.facts import contacts_to_call, load_book, scope

    where = scope(db, owner, person)
    until = today + timedelta(days=days - 1) if days else None
    book = load_book(db, today, where, until)
    items = rules.agenda(book, today, days) if days else rules.due_items(book, today)
    if person is not None:
        items = for_person(items, person)
    contacts = contacts_to_call(db, today, where, {i.account for i in items}) if items else {}
    return CallList(title, today, items, calls(items, book, contacts, rules, today), person)


def account_view(db: "Database", rules: "Playbook", name: str, today: date) -> "AccountView":
    from nasales.domain.calls import account_risks
    from nasales.domain.playbook import won_value
    from nasales.output.account import AccountView
    from nasales.store.facts import Scope, load_book
    from nasales.store.timeline import timeline

    page = timeline(db, name, today)
    account = page.account
    book = load_book(db, today, Scope(account_id=account.id))
    facts = book.accounts[account.name]
    won = won_value(book.orders)  # load_book holds the orders signed by today
    tier, source = rules.tier_and_source(facts, won)
    risk = account_risks(book, {account.name}, today, rules).get(account.name)
    return AccountView(page, today, tier, source, risk)


def log_done(
    db: "Database",
    rules: "Playbook",
    target: str,
    on: date,
    note: str | None,
    mood: str | None,
    contact: str | None,
    by: str | None,
    next_need: str | None,
) -> list[str]:
    """`done KEY` logs the call one item asks for; `done ACCOUNT`, the whole call to the
    account: one call, its promises marked done. What it did, in lines to print."""
    import shlex

    from nasales.domain.vocabulary import shown_key
    from nasales.errors import Invalid
    from nasales.i18n import _, date_text
    from nasales.output.sentences import named, word
    from nasales.store.facts import Scope, load_book
    from nasales.store.followup import done, find_item, is_key, log_touchpoint, promises_done
    from nasales.store.orders import add_opportunity

    source: str | None
    if is_key(target):
        item = find_item(db, target)
        by = by or _handed_to(db, rules, item, on)
        item, tp = done(db, item, on, note, mood, contact, by, rules.lost_stages)
        account, source, remaining = item.account, item.key, []
        lines = [
            _("logged {kind} on {day}: {item}").format(
                kind=word(tp.kind), day=date_text(on), item=named(item.reason, item.key)
            )
        ]
        if item.reason == "proposal":
            lines.append(
                _("the proposal stays open until they answer: nasales proposal agreed {id}").format(
                    id=item.record_id
                )
            )
    else:
        account = _account_or_key(db, target)
        book = load_book(db, on, Scope(account_id=account.id))
        items = [i for i in rules.due_items(book, on) if i.account == account.name]
        if not items and not next_need:  # a call that noted their next need did something
            raise Invalid(
                _(
                    "nothing was due for {account} on {day}; nothing was logged (to log a "
                    "call anyway: nasales log {name} call --on {day})"
                ).format(account=account.name, name=shlex.quote(account.name), day=date_text(on))
            )
        promises = [int(i.key.partition(":")[2]) for i in items if i.reason == "manual"]
        promises_done(db, promises, on)
        tp = log_touchpoint(db, account.name, "call", on, None, contact, note, mood, by)
        source = items[0].key if items else None
        remaining = [i for i in items if i.reason in ("agreement", "proposal")]
        lines = [
            _("logged a call to {account} on {day}").format(account=account.name, day=date_text(on))
        ]
        lines.append(
            _("done: {items}").format(
                items=", ".join(named(i.reason, i.key) for i in items if i not in remaining) or "–"
            )
            if items
            else _("nothing was due for {account} on {day}").format(
                account=account.name, day=date_text(on)
            )
        )
        for i in remaining:
            if i.reason == "agreement":
                hint = _("log their agreement with: nasales done {key}").format(
                    key=shlex.quote(shown_key(i.key))
                )
            else:
                hint = _("record their answer with: nasales proposal agreed {id}").format(
                    id=i.key.partition(":")[2]
                )
            lines.append(
                _("still open: {item}; {hint}").format(item=named(i.reason, i.key), hint=hint)
            )
    if next_need:
        found = add_opportunity(db, account, next_need, on, source)
        lines.append(_("noted opportunity {id}: {text}").format(id=found.id, text=found.text))
    return lines


def team_digest(db: "Database", rules: "Playbook", today: date) -> list["CallList"]:
    """Every person's calls: one list per account manager or colleague with something due,
    in name order (any case); calls of accounts without an owner come last."""
    from nasales.domain.calls import account_risks, by_person, calls
    from nasales.domain.text import person_key
    from nasales.i18n import _, date_text
    from nasales.output.calls import CallList
    from nasales.store.facts import contacts_to_call, load_book

    book = load_book(db, today)
    items = rules.due_items(book, today)
    accounts = {i.account for i in items}
    contacts = contacts_to_call(db, today, None, accounts) if items else {}
    risks = account_risks(book, accounts, today, rules)
    people: dict[str, str] = {}
    for item in items:
        for name in (item.owner, item.handed_to):
            if name:
                people.setdefault(person_key(name), name)
    theirs = by_person(items)
    lists = []
    for key in sorted(people):
        name, mine = people[key], theirs[key]
        title = _("Calls for {person} on {day}").format(person=name, day=date_text(today))
        found = calls(mine, book, contacts, rules, today, risks)
        lists.append(CallList(title, today, mine, found, name))
    unowned = [i for i in items if not i.owner and not i.handed_to]
    if unowned:
        title = _("Calls without an account manager on {day}").format(day=date_text(today))
        found = calls(unowned, book, contacts, rules, today, risks)
        lists.append(CallList(title, today, unowned, found, ""))
    return lists


def forget_person(ctx: "typer.Context", who: str, account: str | None, yes: bool) -> list[str]:
    """Erase one person (GDPR): the changes listed and confirmed on a terminal first, or
    listed after them with `yes`; then rewrite the file so the erased data is in none of its
    bytes, and remove half-written backup copies (which hold the person too). What it did,
    in lines to print."""
    from nasales.cli.options import database, settings, transaction
    from nasales.errors import NasalesError
    from nasales.i18n import _, ngettext
    from nasales.output.person import erasure
    from nasales.store.backup import all_backups, partial_copies
    from nasales.store.db import locate
    from nasales.store.people import find_person, forget, one_person, plan, scrub

    country = settings(ctx).rules.country
    if not yes:
        with transaction(ctx, write=False) as db:
            person = one_person(find_person(db, who, account, country), who)
            shown = plan(db, person)
        _confirm_erasure(person.contacts, person.account_names, shown)
    with transaction(ctx, write=True, create=False) as db:
        person = one_person(find_person(db, who, account, country), who)
        changes = plan(db, person)
        if not yes and changes != shown:
            raise NasalesError(_("the data changed while you were asked; nothing was erased"))
        erased = forget(db, changes)
    path = locate(database(ctx)).path
    clean = scrub(path)
    lines = [
        _(
            "erased {contacts} contact record(s); unlinked {unlinked} touchpoint(s); erased "
            "{notes} note(s); redacted {texts} other text(s)"
        ).format(
            contacts=erased.contacts,
            unlinked=erased.unlinked,
            notes=erased.notes_erased,
            texts=erased.texts_redacted,
        )
    ]
    if yes:
        lines += erasure(changes, made=True)
    notes = []
    if not clean:
        notes.append(
            _(
                "note: another process is reading; the erased data leaves the WAL file at its "
                "next checkpoint"
            )
        )
    if path is not None:
        for leftover in partial_copies(path):
            leftover.unlink(missing_ok=True)
            lines.append(_("removed {path}, a half-written backup copy").format(path=leftover))
        if copies := all_backups(path):
            notes.append(
                ngettext(
                    "note: {n} backup file next to the database still holds this person; "
                    "delete it to complete the erasure",
                    "note: {n} backup files next to the database still hold this person; "
                    "delete them to complete the erasure",
                    len(copies),
                ).format(n=len(copies))
            )
    from nasales.output import say

    say(*notes, err=True)
    return lines


def _confirm_erasure(
    contacts: "list[Contact]", accounts: dict[int, str], changes: "list[Change]"
) -> None:
    import sys

    import typer

    from nasales.errors import NasalesError
    from nasales.i18n import _
    from nasales.output import say
    from nasales.output.person import erasure

    if sys.stdin is None or not sys.stdin.isatty():
        raise NasalesError(_("not erasing without --yes: there is no terminal to ask on"))
    where = ", ".join(
        _("{name} at {account}").format(name=c.name, account=accounts[c.account_id])
        for c in contacts
    )
    say(_("This erases {where}, changing exactly these records:").format(where=where))
    say(*erasure(changes))
    say(_("It cannot be undone."))
    from nasales.cli.i18n import confirm

    if not confirm(_("Erase this person?"), default=False):
        say(_("nothing erased"))
        raise typer.Exit(1)


def _account_or_key(db: "Database", target: str) -> "Account":
    from nasales.domain.vocabulary import shown_key
    from nasales.errors import NotFound
    from nasales.i18n import _
    from nasales.store.customers import did_you_mean, find_account

    try:
        return find_account(db, target)
    except NotFound:
        raise NotFound(
            _(
                "{target!r} is neither an item key (such as {confirm} or {manual}) nor an account"
            ).format(target=target, confirm=shown_key("confirm:REF"), manual=shown_key("manual:4"))
            + did_you_mean(db, target)
        ) from None


def _handed_to(db: "Database", rules: "Playbook", item: "ItemRef", on: date) -> str | None:
    """Who makes the call an item asks for, when it is handed to a colleague: the one the
    list shows it handed to on that day (an earlier occurrence's hand-off has expired)."""
    from nasales.store.facts import Scope, load_book

    book = load_book(db, on, Scope(account_id=item.account.id))
    due = {i.key: i for i in rules.due_items(book, on)}
    found = due.get(item.key)
    return found.handed_to if found else None
