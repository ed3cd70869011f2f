"""The playbook's numbers (PRODUCT.md §3), and the settings that change them: a table in,
`Rules` out, every value checked and bounded. Pure: reading the file is `nasales.settings`.

Every key is optional; the defaults are those of PRODUCT.md §3. Example (the defaults)::

    country = "NL"
    confirm_working_days = 1
    post_delivery_working_days = 2
    agreement_intervals = [[28, 7], [91, 14], [0, 30]]   # [age below, interval]; 0 = any age
    lost_followup_stages = [[14, 1], [90, 60]]          # [due after, contact counts from]
    relationship_days = { A = 30, B = 90, C = 180 }
    tier_thresholds = { A = 100000, B = 20000 }
    language = "nl"                                    # or "en"; default: from the locale
    own_domains = ["mijnbedrijf.nl"]                   # capture: colleagues' e-mail domains

Day counts are bounded, so that no date the playbook computes leaves the calendar: working
days at most MAX_WORKING_DAYS (a year of them), days at most MAX_DAYS (ten years), amounts
finite and at most MAX_AMOUNT.
"""

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from nasales.errors import Invalid
from nasales.i18n import LANGUAGES as TRANSLATED
from nasales.i18n import _

MAX_WORKING_DAYS = 260
MAX_DAYS = 3660


@dataclass(frozen=True)
class Rules:
    """The numbers of the default follow-up rules."""

    country: str = "NL"
    confirm_working_days: int = 1
    post_delivery_working_days: int = 2
    # (age limit in days, interval in days): the first row whose limit the age is below wins;
    # a limit of 0 matches any age.
    agreement_intervals: tuple[tuple[int, int], ...] = ((28, 7), (91, 14), (0, 30))
    # (days after the loss the stage is due, days after the loss a contact counts for it)
    lost_followup_stages: tuple[tuple[int, int], ...] = ((14, 1), (90, 60))
    relationship_days: dict[str, int] = field(default_factory=lambda: {"A": 30, "B": 90, "C": 180})
    tier_thresholds: dict[str, float] = field(default_factory=lambda: {"A": 100_000, "B": 20_000})
    # capture (PRODUCT.md §9): the own organisation's e-mail domains mark colleagues
    own_domains: tuple[str, ...] = ()

    def agreement_interval(self, age_days: int) -> int:
        for limit, interval in self.agreement_intervals:
            if limit == 0 or age_days < limit:
                return interval
        return self.agreement_intervals[-1][1]

    def tier_for_value(self, won_value: float) -> str:
        if won_value >= self.tier_thresholds["A"]:
            return "A"
        if won_value >= self.tier_thresholds["B"]:
            return "B"
        return "C"


LANGUAGES = tuple(TRANSLATED)  # the `language` setting: one of nasales's languages
SETTINGS = (*(f.name for f in fields(Rules)), "language")


class _Bad(ValueError):
    """One setting's problem, in words (the caller names the file)."""


def language_setting(table: Mapping[str, Any]) -> str | None:
    """The `language` setting ("en" or "nl"), None when there is none; a bad one is _Bad."""
    language = table.get("language")
    if language is None:
        return None
    if not isinstance(language, str) or language.strip().lower() not in LANGUAGES:
        raise _Bad(_("language must be one of {choices}").format(choices=", ".join(LANGUAGES)))
    return language.strip().lower()


def rules_from(table: Mapping[str, Any], where: object) -> Rules:
    """The rules a settings table (a TOML file's top level) asks for; defaults for what it
    leaves out. Anything unknown, of the wrong type or out of bounds is refused, naming the
    setting and `where` (the file): `bad setting in …: confirm_working_days must be at most
    260`."""
    try:
        language_setting(table)
        if unknown := sorted(set(table) - set(SETTINGS)):
            raise Invalid(
                _("unknown setting {name!r} in {path}").format(name=unknown[0], path=where)
            )
        return _rules(table)
    except _Bad as exc:
        raise Invalid(_("bad setting in {path}: {reason}").format(path=where, reason=exc)) from None


def _rules(table: Mapping[str, Any]) -> Rules:
    defaults = Rules()
    found: dict[str, Any] = {}
    if "country" in table:
        country = table["country"]
        if not (isinstance(country, str) and country.isascii() and country.upper().isupper()):
            raise _Bad(unknown_country(country))
        found["country"] = country.upper()  # `nl` is NL, as the holidays know it
    for name in ("confirm_working_days", "post_delivery_working_days"):
        if name in table:
            found[name] = _count(table[name], name, MAX_WORKING_DAYS)
    if "agreement_intervals" in table:
        rows = _pairs(table["agreement_intervals"], "agreement_intervals")
        if not rows:
            raise _Bad(_("agreement_intervals needs at least one [age below, interval] pair"))
        found["agreement_intervals"] = tuple(
            (_count(age, "agreement_intervals", MAX_DAYS), _interval(gap, "agreement_intervals"))
            for age, gap in rows
        )
    if "lost_followup_stages" in table:
        rows = _pairs(table["lost_followup_stages"], "lost_followup_stages")
        stages = [tuple(_count(n, "lost_followup_stages", MAX_DAYS) for n in row) for row in rows]
        found["lost_followup_stages"] = tuple(sorted(stages))  # "the latest stage", any order
    if "relationship_days" in table:
        days = {**defaults.relationship_days, **_tiers(table, "relationship_days", "ABC")}
        found["relationship_days"] = {t: _interval(n, "relationship_days") for t, n in days.items()}
    if "tier_thresholds" in table:
        amounts = {**defaults.tier_thresholds, **_tiers(table, "tier_thresholds", "AB")}
        found["tier_thresholds"] = {t: _amount(n, "tier_thresholds") for t, n in amounts.items()}
        if found["tier_thresholds"]["A"] < found["tier_thresholds"]["B"]:
            raise _Bad(_("tier_thresholds: A must be at least B"))
    if "own_domains" in table:
        found["own_domains"] = _own_domains(table["own_domains"])
    return Rules(**found)


def unknown_country(country: object) -> str:
    return _("unknown country {country!r}: use an ISO code such as NL").format(country=country)


def _count(value: Any, name: str, most: int) -> int:
    """A whole number of days from 0 to `most`."""
    if isinstance(value, bool) or not isinstance(value, int):
        raise _Bad(_("{name} must be a whole number of days").format(name=name))
    if value < 0:
        raise _Bad(_("{name} must be zero or more").format(name=name))
    if value > most:
        raise _Bad(_("{name} must be at most {most}").format(name=name, most=most))
    return value


def _interval(value: Any, name: str) -> int:
    """An interval: 1 day or more (0 would ask for the next call on the day of the last)."""
    days = _count(value, name, MAX_DAYS)
    if days < 1:
        raise _Bad(_("agreement intervals and relationship_days must be 1 day or more"))
    return days


def _amount(value: Any, name: str) -> float:
    from nasales.domain.values import MAX_AMOUNT  # its amount parsing: not for every command

    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise _Bad(_("{name} must be amounts of zero or more").format(name=name))
    if value < 0:
        raise _Bad(_("{name} must be amounts of zero or more").format(name=name))
    if value > MAX_AMOUNT:
        raise _Bad(_("{name} must be at most {most}").format(name=name, most=f"{MAX_AMOUNT:.0e}"))
    return value


def _pairs(value: Any, name: str) -> list[tuple[Any, Any]]:
    if not isinstance(value, list) or not all(
        isinstance(row, list) and len(row) == 2 for row in value
    ):
        message = _("{name} must be a list of pairs of numbers, such as [[14, 1]]")
        raise _Bad(message.format(name=name))
    return [(a, b) for a, b in value]


def _tiers(table: Mapping[str, Any], name: str, tiers: str) -> dict[str, Any]:
    value = table[name]
    if not isinstance(value, dict):
        raise _Bad(_("{name} must be a table of tiers, such as {{ A = 30 }}").format(name=name))
    if unknown := sorted(set(value) - set(tiers)):
        raise _Bad(
            _("{name} knows the tiers {tiers}, not {tier!r}").format(
                name=name, tiers=", ".join(tiers), tier=unknown[0]
            )
        )
    return value


def _own_domains(value: Any) -> tuple[str, ...]:
    """`own_domains`: a list of domains (or one, as a string), each checked like an
    account's (`mijnbedrijf.nl`; a free-mail domain names no organisation)."""
    from nasales.domain.capture import clean_domain

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
        raise _Bad(_('own_domains must be a list of domains, e.g. ["mijnbedrijf.nl"]'))
    try:
        return tuple(dict.fromkeys(clean_domain(d) for d in value))
    except Invalid as exc:
        raise _Bad(f"own_domains: {exc}") from None
