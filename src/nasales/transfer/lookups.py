"""The records an import's rows name: accounts by name, orders by ref, contacts by account
and name, looked up in dictionaries loaded once (a million touchpoints ask a million times);
an account created when a valid row names one that is missing."""

from typing import Any

from nasales.domain import checks
from nasales.domain.text import person_key
from nasales.i18n import _
from nasales.store.bulk import Bulk
from nasales.transfer.summary import Summary

NO_ACCOUNT = 0  # an account id no account has: an order or contact never belongs to it


class Lookups:
    def __init__(self, bulk: Bulk, summary: Summary) -> None:
        self.bulk, self.summary = bulk, summary
        self.accounts = {key: [id_, owner] for id_, key, owner in bulk.accounts()}
        self.orders = {ref: (id_, account_id) for id_, ref, account_id in bulk.orders()}
        self.contacts = {(a, person_key(name)): id_ for id_, a, name in bulk.contacts()}
        self._states: dict[int, dict[str, Any]] | None = None
        self._held: dict[int, dict[str, Any]] | None = None

    def account_id(self, name: str, owner: str | None) -> int:
        """The account's id, created when missing; an owner fills in an empty one."""
        key = name.casefold()
        found = self.accounts.get(key)
        if found is None:
            found = self.accounts[key] = [self.bulk.add_account(name, key, owner), owner]
            self.summary.accounts_created += 1
        elif owner and not found[1]:
            self.bulk.set_owner(found[0], owner)
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
            problems.append(_("unknown order {ref!r}").format(ref=ref))
            return None
        if account_id is not None and found[1] != account_id:
            problems.append(checks.other_account(ref))
        return found[0]

    def order_state(self, order_id: int | None) -> dict[str, Any] | None:
        """The order as domain/checks reads it (None: no order), loaded once."""
        if order_id is None:
            return None
        if self._states is None:
            self._states = {
                row[0]: checks.order_state(row[1], *row[2:]) for row in self.bulk.order_states()
            }
        return self._states.get(order_id)

    def held(self, order_id: int | None) -> dict[str, Any] | None:
        """What hangs on the order in the database (domain/checks `held`), loaded once."""
        if order_id is None:
            return None
        if self._held is None:
            self._held = self.bulk.held()
        return checks.held(**self._held.get(order_id, {}))

    def contact_id(self, name: str | None, account_id: int, account: str, problems: list) -> Any:
        if not name:
            return None
        found = self.contacts.get((account_id, name.casefold()))
        if found is None:
            problems.append(
                _("unknown contact {name!r} at {account!r}").format(name=name, account=account)
            )
        return found
