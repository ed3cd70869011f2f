"""Accounts, their contacts and their account team: single records read and written."""

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass

from nasales.domain.text import (
    account_name,
    clean_name,
    clean_note,
    closest,
    optional,
    person_key,
)
from nasales.domain.values import amount
from nasales.domain.vocabulary import TIERS, choice
from nasales.errors import Invalid, NotFound
from nasales.i18n import N_, _
from nasales.store.db import Database, select


@dataclass(frozen=True)
class Account:
    id: int
    name: str
    owner: str | None
    tier: str | None
    clv: float | None
    notes: str
    domains: str = ""  # its e-mail domains, one space between (capture matches them)

    @property
    def domain_list(self) -> list[str]:
        return self.domains.split()


ACCOUNT = select(Account, "account")


def find_account(db: Database, name: str) -> Account:
    key = person_key(clean_name(name, N_("account name")))
    row = db.first(f"{ACCOUNT} WHERE name_key = :key", {"key": key})
    if row is None:
        raise NotFound(_("unknown account {name!r}").format(name=name) + did_you_mean(db, name))
    return Account(*row)


def did_you_mean(db: Database, name: str) -> str:
    """The ending "; did you mean 'Bakkerij Jansen'?" for a typo of an account's name."""
    names = (row[0] for row in db.all("SELECT name FROM account"))
    found = closest(name, names)
    return _("; did you mean {name!r}?").format(name=found) if found else ""


def add_account(
    db: Database,
    name: str,
    owner: str | None = None,
    tier: str | None = None,
    clv: float | str | None = None,
    notes: str | None = None,
) -> Account:
    name = account_name(name)
    if db.first("SELECT 1 FROM account WHERE name_key = :key", {"key": person_key(name)}):
        raise Invalid(_("account {name!r} exists already").format(name=name))
    values: dict[str, object] = {
        "name": name,
        "key": person_key(name),
        "owner": optional(owner),
        "tier": choice(tier, TIERS, N_("tier")),
        "clv": amount(clv, N_("clv")),
        "notes": clean_note(notes),
    }
    db.execute(
        "INSERT INTO account (name, name_key, owner, tier, clv, notes) "
        "VALUES (:name, :key, :owner, :tier, :clv, :notes)",
        values,
    )
    return find_account(db, name)


def find_account_by_id(db: Database, account_id: int) -> Account:
    row = db.first(f"{ACCOUNT} WHERE id = :id", {"id": account_id})
    if row is None:
        raise NotFound(_("unknown account {name!r}").format(name=account_id))
    return Account(*row)


UNCHANGED = object()  # `set_account`: leave this field as it is


def set_account(
    db: Database,
    name: str,
    owner: object = UNCHANGED,
    tier: object = UNCHANGED,
    clv: object = UNCHANGED,
    notes: object = UNCHANGED,
    add_domains: Sequence[str] = (),
    remove_domains: Sequence[str] = (),
) -> Account:
    """Change some fields of an account; an empty value clears a field. Domains are added
    and removed one by one (`domain.capture.clean_domain` checks each)."""
    account = find_account(db, name)
    changes: dict[str, object] = {}
    if add_domains or remove_domains:
        changes["domains"] = _changed_domains(account, add_domains, remove_domains)
    if owner is not UNCHANGED:
        changes["owner"] = optional(owner)  # type: ignore[arg-type]
    if tier is not UNCHANGED:
        changes["tier"] = choice(tier, TIERS, N_("tier"))  # type: ignore[arg-type]
    if clv is not UNCHANGED:
        changes["clv"] = amount(clv, N_("clv"))  # type: ignore[arg-type]
    if notes is not UNCHANGED:
        changes["notes"] = clean_note(notes)  # type: ignore[arg-type]
    if not changes:
        raise Invalid(
            _("nothing to change: give --owner, --tier, --clv, --notes, --domain or --no-domain")
        )
    sets = ", ".join(f"{column} = :{column}" for column in changes)
    db.execute(f"UPDATE account SET {sets} WHERE id = :id", {**changes, "id": account.id})
    return find_account(db, account.name)


def _changed_domains(account: Account, add: Sequence[str], remove: Sequence[str]) -> str:
    from nasales.domain.capture import clean_domain

    domains = account.domain_list
    for given in remove:
        domain = given.strip().lower().lstrip("@").rstrip(".")
        if domain not in domains:
            with suppress(Invalid):  # its IDNA form, when it was typed in Unicode
                domain = clean_domain(given)
        if domain not in domains:
            raise NotFound(
                _("{account} has no domain {domain!r}").format(account=account.name, domain=given)
            )
        domains.remove(domain)
    for given in add:
        if (domain := clean_domain(given)) not in domains:
            domains.append(domain)
    return " ".join(domains)


# -- contacts -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Contact:
    id: int
    account_id: int
    name: str
    role: str | None
    phone: str | None
    email: str | None
    is_primary: bool
    do_not_call: bool

    def fields(self) -> dict[str, object]:
        """The contact's JSON fields, as `show` and `person` give them."""
        return {
            "name": self.name,
            "role": self.role,
            "phone": self.phone,
            "email": self.email,
            "primary": self.is_primary,
            "do_not_call": self.do_not_call,
        }


CONTACT = select(Contact, "contact")


def contacts_of(db: Database, account: Account) -> list[Contact]:
    rows = db.all(f"{CONTACT} WHERE account_id = :id ORDER BY id", {"id": account.id})
    return [as_contact(row) for row in rows]


def as_contact(row: tuple) -> Contact:
    id_, account_id, name, role, phone, email, primary, do_not_call = row
    return Contact(id_, account_id, name, role, phone, email, bool(primary), bool(do_not_call))


def find_contact(db: Database, account: Account, name: str) -> Contact:
    wanted = person_key(clean_name(name, N_("contact name")))
    for contact in contacts_of(db, account):
        if person_key(contact.name) == wanted:
            return contact
    found = closest(name, (c.name for c in contacts_of(db, account)))
    raise NotFound(
        _("unknown contact {name!r} at {account!r}").format(name=name, account=account.name)
        + (_("; did you mean {name!r}?").format(name=found) if found else "")
    )


def add_contact(
    db: Database,
    account_name: str,
    name: str,
    role: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    primary: bool = False,
    do_not_call: bool = False,
) -> Contact:
    account = find_account(db, account_name)
    name = clean_name(name, N_("contact name"))
    if any(person_key(c.name) == person_key(name) for c in contacts_of(db, account)):
        raise Invalid(
            _("contact {name!r} exists already at {account!r}").format(
                name=name, account=account.name
            )
        )
    if primary:  # one primary contact per account
        db.execute(
            "UPDATE contact SET is_primary = :no WHERE account_id = :id",
            {"no": False, "id": account.id},
        )
    values = {
        "account_id": account.id,
        "name": name,
        "role": optional(role),
        "phone": optional(phone),
        "email": optional(email),
        "is_primary": primary,
        "do_not_call": do_not_call,
    }
    new_id = db.insert(
        "INSERT INTO contact (account_id, name, role, phone, email, is_primary, do_not_call) "
        "VALUES (:account_id, :name, :role, :phone, :email, :is_primary, :do_not_call)",
        values,
    )
    return as_contact((new_id, *values.values()))


# -- the account team -----------------------------------------------------------------------


@dataclass(frozen=True)
class TeamMember:
    person: str
    role: str | None


def team_of(db: Database, account: Account) -> list[TeamMember]:
    rows = db.all(
        "SELECT person, role FROM team_member WHERE account_id = :id ORDER BY id",
        {"id": account.id},
    )
    return [TeamMember(*row) for row in rows]


def add_team_member(
    db: Database, account_name: str, person: str, role: str | None
) -> tuple[Account, TeamMember]:
    """Add a colleague to the account team; adding them again with a role changes it.
    Returns the account and the member as stored."""
    account = find_account(db, account_name)
    person = clean_name(person, N_("person"))
    member = TeamMember(person, optional(role))
    for existing in team_of(db, account):
        if person_key(existing.person) == person_key(person):
            if member.role is None:  # nothing new to say about them
                return account, existing
            db.execute(
                "UPDATE team_member SET role = :role WHERE account_id = :id AND person = :person",
                {"role": member.role, "id": account.id, "person": existing.person},
            )
            return account, TeamMember(existing.person, member.role)
    db.execute(
        "INSERT INTO team_member (account_id, person, role) VALUES (:id, :person, :role)",
        {"id": account.id, "person": person, "role": member.role},
    )
    return account, member


def remove_team_member(db: Database, account_name: str, person: str) -> tuple[Account, TeamMember]:
    """Take a colleague off the account team; returns the account and the member removed."""
    account = find_account(db, account_name)
    wanted = person_key(clean_name(person, N_("person")))
    for existing in team_of(db, account):
        if person_key(existing.person) == wanted:
            db.execute(
                "DELETE FROM team_member WHERE account_id = :id AND person = :person",
                {"id": account.id, "person": existing.person},
            )
            return account, existing
    raise NotFound(
        _("{person!r} is not in the team of {account!r}").format(
            person=person, account=account.name
        )
    )


def sharing_domains(
    db: Database, account: Account, domains: Sequence[str]
) -> list[tuple[str, str]]:
    """(domain, other account's name) for each of `domains` (as stored) another account has
    too: capture logs their mail and meetings on both. Sought in SQL, one domain at a time."""
    found = []
    for domain in domains:
        rows = db.all(
            "SELECT name FROM account WHERE id <> :id AND domains <> '' "
            "AND ' ' || domains || ' ' LIKE :pattern ESCAPE '!' ORDER BY name",
            {"id": account.id, "pattern": "% " + _like(domain) + " %"},
        )
        found += [(domain, name) for (name,) in rows]
    return found


def _like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")
