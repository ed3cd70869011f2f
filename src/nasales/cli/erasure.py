"""What `nasales contact forget` does (GDPR erasure): the changes shown and confirmed on a
terminal (or listed after them with `--yes`), the person erased in one transaction, the file
rewritten so no byte of them is left, and the backups that still hold them named."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from nasales.store.customers import Contact
    from nasales.store.people import Change


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
