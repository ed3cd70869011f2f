"""Placing a captured record (PRODUCT.md §9): whose call, meeting or e-mail was it?

Pure: the book's contacts and account domains in (a `Directory`), a record's numbers and
addresses in, the accounts (and the contact at each) it belongs to out, or why it is not
logged. Phone numbers are compared in E.164 (`domain.phones`, the configured country),
e-mail addresses in any case; an address at an account's domain (or a subdomain of it)
belongs to that account, unless the domain is a free-mail one (shipped as data:
`domain/freemail.py`); an address at one of the own organisation's domains
(`own_domains`) is a colleague's.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from nasales.domain.freemail import FREE_MAIL
from nasales.domain.phones import canonical, numbers_in
from nasales.errors import Invalid
from nasales.i18n import _

_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
_SEPARATORS = re.compile(r"[\s,;]+")
_SEVERAL = re.compile(r"[/,;]| of | or | en | and ")  # a phone field holding two numbers


def clean_domain(text: str) -> str:
    """An e-mail domain as stored: lowercase, in its ASCII (IDNA) form; `@bouw.nl` and
    `bouw.nl.` are `bouw.nl`. An address, a URL or a free-mail domain is refused."""
    given = text.strip()
    domain = given.lower().lstrip("@").rstrip(".")
    if "@" in domain or "/" in domain or ":" in domain:
        raise Invalid(
            _("{domain!r} is not a domain: give only what follows the @, e.g. bouw.nl").format(
                domain=given
            )
        )
    if not domain.isascii():
        try:
            domain = domain.encode("idna").decode("ascii")
        except UnicodeError:
            domain = "?"  # refused below
    labels = domain.split(".")
    if (
        len(labels) < 2
        or len(domain) > 253
        or not all(_LABEL.fullmatch(label) for label in labels)
        or labels[-1].isdigit()
    ):
        raise Invalid(_("{domain!r} is not an e-mail domain such as bouw.nl").format(domain=given))
    if domain in FREE_MAIL:
        raise Invalid(
            _(
                "{domain} is a free-mail domain: it never names a company; "
                "give the person's address on the contact instead"
            ).format(domain=domain)
        )
    return domain


def domains_in(text: str | None) -> list[str]:
    """The domains in a list typed or imported as one text (space, comma or semicolon
    between them), each cleaned, in order, once."""
    found: list[str] = []
    for part in _SEPARATORS.split(text or ""):
        if part and (domain := clean_domain(part)) not in found:
            found.append(domain)
    return found


def domain_of(address: str) -> str:
    return address.rpartition("@")[2].rstrip(".")


def _parents(domain: str) -> Iterator[str]:
    """`sales.bouw.nl`, `bouw.nl`: the domain and those it is a subdomain of."""
    labels = domain.split(".")
    for start in range(len(labels) - 1):
        yield ".".join(labels[start:])


class Hit(NamedTuple):
    account_id: int
    contact_id: int | None


@dataclass
class Placed:
    """Where a record belongs: one hit per account (the first contact found there), or
    why it is not logged (`skip`), and what in it names nobody on file (`unknown`)."""

    hits: list[Hit] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)  # numbers (E.164) or addresses
    skip: str | None = None


class Directory:
    """The book's contacts, by phone number and e-mail address, and its accounts by domain."""

    def __init__(
        self,
        contacts: Iterable[tuple[int, int, str | None, str | None]],
        account_domains: Iterable[tuple[int, str]],
        own_domains: Iterable[str] = (),
        country: str = "NL",
    ) -> None:
        """`contacts`: (id, account id, phone, email); `account_domains`: (account id,
        its domains as stored, space-separated)."""
        self.country = country
        self.numbers: dict[str, list[Hit]] = {}
        self.addresses: dict[str, list[Hit]] = {}
        self.domains: dict[str, list[Hit]] = {}
        self.own = frozenset(d.lower() for d in own_domains)
        self._calls: dict[tuple[str, ...], Placed] = {}
        self.free = FREE_MAIL
        for contact_id, account_id, phone, email in contacts:
            hit = Hit(account_id, contact_id)
            for number in self._contact_numbers(phone):
                self.numbers.setdefault(number, []).append(hit)
            if email and email.strip():
                for address in _SEPARATORS.split(email.strip().lower()):
                    if "@" in address:
                        self.addresses.setdefault(address, []).append(hit)
        for account_id, domains in account_domains:
            for domain in (domains or "").split():
                self.domains.setdefault(domain, []).append(Hit(account_id, None))

    def _contact_numbers(self, phone: str | None) -> set[str]:
        """Every number in a contact's phone field (`06 1234 5678 / 020 123 4567`)."""
        if not phone or not phone.strip():
            return set()
        whole = canonical(phone, self.country)
        if whole is not None and not _SEVERAL.search(phone):
            return {whole}
        found = {number for _raw, number in numbers_in(phone, self.country)}
        return found | {whole} if whole else found

    def is_colleague(self, address: str) -> bool:
        return any(parent in self.own for parent in _parents(domain_of(address)))

    def place_call(self, numbers: Iterable[str]) -> Placed:
        """A call with these numbers (the other party's, as written). The answer is shared
        between calls with the same numbers: do not change it."""
        numbers = tuple(numbers)
        placed = self._calls.get(numbers)
        if placed is None:
            placed = self._calls[numbers] = self._place_call(numbers)
            if len(self._calls) > 100_000:
                self._calls.clear()
        return placed

    def _place_call(self, numbers: tuple[str, ...]) -> Placed:
        placed = Placed()
        for raw in numbers:
            number = canonical(raw, self.country)
            if number is None:
                continue  # withheld, "anonymous", an extension: nothing to place
            hits = self.numbers.get(number)
            if hits:
                _add(placed, hits)
            elif number not in placed.unknown:
                placed.unknown.append(number)
        return placed

    def place_people(
        self,
        addresses: Iterable[str],
        declined: Iterable[str] = (),
        pending: Iterable[str] = (),
        organizer: str = "",
    ) -> Placed:
        """A meeting or a message with these participants (addresses, lowercased). A
        meeting our side is invited to (colleagues among the attendees, the organizer not
        one of them) took place for us only when one of ours did not decline it (else
        skipped as declined) and one of ours answered it (else: unaccepted); an attendee
        without an answer (no PARTSTAT) counts as attending."""
        placed = Placed()
        refused = set(declined)
        colleagues = others = 0
        ours: list[str] = []
        was_declined = False
        for address in addresses:
            if self.is_colleague(address):
                colleagues += 1
                ours.append(address)
                continue
            others += 1
            hits = self.addresses.get(address) or self._by_domain(address)
            if not hits:
                if address not in placed.unknown:
                    placed.unknown.append(address)
            elif address in refused:
                was_declined = True
            else:
                _add(placed, hits)
        if others and ours and not (organizer and self.is_colleague(organizer)):
            waiting = set(pending)
            if all(address in refused for address in ours):
                return Placed(skip="declined")
            if all(address in refused or address in waiting for address in ours):
                return Placed(skip="unaccepted")
        if not placed.hits:
            if was_declined:
                placed.skip = "declined"
            elif not others:
                placed.skip = "internal"  # only colleagues, or nobody at all
        return placed

    def _by_domain(self, address: str) -> list[Hit] | None:
        domain = domain_of(address)
        if domain in self.free:
            return None
        for parent in _parents(domain):
            if hits := self.domains.get(parent):
                return hits
        return None


def _add(placed: Placed, hits: list[Hit]) -> None:
    """One hit per account: the first contact found there (or the account alone, by
    domain, until a contact there is found)."""
    for hit in hits:
        for i, had in enumerate(placed.hits):
            if had.account_id == hit.account_id:
                if had.contact_id is None and hit.contact_id is not None:
                    placed.hits[i] = hit
                break
        else:
            placed.hits.append(hit)
