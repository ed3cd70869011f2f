"""What `nasales done` does: the call one item asks for logged (by whom it is handed to), or
the whole call to an account with the promises due on its day marked done; an opportunity
the call revealed noted; and what it did, in lines to print."""

from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from nasales.domain.playbook import Playbook
    from nasales.store.customers import Account
    from nasales.store.db import Database
    from nasales.store.followup import ItemRef


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
