"""What the daily commands show, composed from the store and the rules: the call list (and
the agenda), one account's page, the team's digest. What `done` does is `cli/done.py`."""

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nasales.domain.playbook import Playbook
    from nasales.output.account import AccountView
    from nasales.output.calls import CallList
    from nasales.store.db import Database


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
