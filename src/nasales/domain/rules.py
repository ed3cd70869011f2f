"""The playbook's numbers, read from a TOML file so a user can change them without code.

The file is `$NASALES_CONFIG`, else `config.toml` in the user's config directory. Every key is
optional; a missing file means the defaults of PRODUCT.md §3. Example (the defaults)::

    country = "NL"
    confirm_working_days = 1
    post_delivery_working_days = 2
    agreement_intervals = [[28, 7], [91, 14], [0, 30]]   # [age below, interval]; 0 = any age
    lost_followup_stages = [[14, 1], [90, 60]]          # [due after, contact counts from]
    relationship_days = { A = 30, B = 90, C = 180 }
    tier_thresholds = { A = 100000, B = 20000 }
    language = "nl"                                    # or "en"; default: from the locale
    own_domains = ["mijnbedrijf.nl"]                   # capture: colleagues' e-mail domains
"""

import os
from dataclasses import dataclass, field, fields
from functools import cache
from pathlib import Path
from typing import Any

from nasales.errors import Invalid
from nasales.i18n import LANGUAGES as TRANSLATED
from nasales.i18n import _


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


def config_path() -> Path:
    if env := os.environ.get("NASALES_CONFIG"):
        return Path(env)
    from platformdirs import user_config_path

    return user_config_path("nasales") / "config.toml"


LANGUAGES = tuple(TRANSLATED)  # the `language` setting: one of nasales's languages


def _read(path: Path) -> dict[str, Any]:
    """The settings file as a table; {} when there is none. The language and the rules both
    come from it: it is read and parsed once per version of the file."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return dict(_parse(path, stat.st_mtime_ns, stat.st_size))


@cache
def _parse(path: Path, _mtime: int, _size: int) -> dict[str, Any]:
    import tomllib  # 3-8 ms, mostly its regular expressions: only when there is a file

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError) as exc:
        raise Invalid(
            _("cannot read the configuration {path}: {reason}").format(path=path, reason=exc)
        ) from None


def configured_language() -> tuple[str, str] | None:
    """The `language` setting and where it is, if the settings file has a valid one (a
    broken file is reported by the command that reads the rules, in the default language)."""
    path = config_path()
    try:
        language = _read(path).get("language")
    except Invalid:
        return None
    if isinstance(language, str) and language.strip().lower() in LANGUAGES:
        return language.strip().lower(), f"{path}: language = {language!r}"
    return None


def load_rules(path: Path | None = None) -> Rules:
    """Rules from the TOML file, defaults for what it leaves out."""
    path = path or config_path()
    raw = _read(path)
    if not raw:
        return Rules()
    language = raw.pop("language", "en")
    if not isinstance(language, str) or language.strip().lower() not in LANGUAGES:
        raise Invalid(
            _("bad setting in {path}: language must be one of {choices}").format(
                path=path, choices=", ".join(LANGUAGES)
            )
        )
    known = {f.name for f in fields(Rules)}
    if unknown := sorted(set(raw) - known):
        raise Invalid(_("unknown setting {name!r} in {path}").format(name=unknown[0], path=path))
    try:
        for key in ("agreement_intervals", "lost_followup_stages"):
            if key in raw:
                raw[key] = tuple((int(a), int(b)) for a, b in raw[key])
        if "lost_followup_stages" in raw:  # "the latest stage" (§3) whatever the file's order
            raw["lost_followup_stages"] = tuple(sorted(raw["lost_followup_stages"]))
        defaults = Rules()
        for key in ("relationship_days", "tier_thresholds"):  # a table may name some tiers
            if key in raw:
                raw[key] = {**getattr(defaults, key), **raw[key]}
        if "own_domains" in raw:
            raw["own_domains"] = _own_domains(raw["own_domains"])
        rules = Rules(**raw)
        _check(rules)
    except (TypeError, ValueError, KeyError) as exc:
        raise Invalid(_("bad setting in {path}: {reason}").format(path=path, reason=exc)) from None
    return rules


def _own_domains(value: Any) -> tuple[str, ...]:
    """`own_domains`: a list of domains (or one, as a string), each checked like an
    account's (`mijnbedrijf.nl`; a free-mail domain names no organisation)."""
    from nasales.domain.capture import clean_domain

    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(d, str) for d in value):
        raise ValueError(_('own_domains must be a list of domains, e.g. ["mijnbedrijf.nl"]'))
    try:
        return tuple(dict.fromkeys(clean_domain(d) for d in value))
    except Invalid as exc:
        raise ValueError(f"own_domains: {exc}") from None


def _check(rules: Rules) -> None:
    from nasales.domain.holiday_dates import holiday_dates

    unknown = ValueError(
        _("unknown country {country!r}: use an ISO code such as NL").format(country=rules.country)
    )
    if not (isinstance(rules.country, str) and rules.country.isascii() and rules.country.isupper()):
        raise unknown
    try:
        holiday_dates(rules.country).check()  # the cached holidays, or that one country
    except NotImplementedError:
        raise unknown from None
    if set(rules.relationship_days) != {"A", "B", "C"}:
        raise ValueError(_("relationship_days needs A, B and C"))
    if set(rules.tier_thresholds) != {"A", "B"}:
        raise ValueError(_("tier_thresholds needs A and B"))
    numbers = [rules.confirm_working_days, rules.post_delivery_working_days]
    numbers += [n for row in rules.agreement_intervals for n in row]
    numbers += [n for row in rules.lost_followup_stages for n in row]
    numbers += list(rules.relationship_days.values())
    if any(isinstance(n, bool) or not isinstance(n, int) for n in numbers):
        raise ValueError(_("intervals must be whole numbers of days"))
    if any(n < 0 for n in numbers) or not rules.agreement_intervals:
        raise ValueError(_("intervals must be zero or more"))
    # an interval of 0 days would ask for the next agreement or call on the day of the last
    gaps = [interval for _age, interval in rules.agreement_intervals]
    if any(n < 1 for n in [*gaps, *rules.relationship_days.values()]):
        raise ValueError(_("agreement intervals and relationship_days must be 1 day or more"))
    thresholds = list(rules.tier_thresholds.values())
    if any(isinstance(n, bool) or not isinstance(n, int | float) or n < 0 for n in thresholds):
        raise ValueError(_("tier_thresholds must be amounts of zero or more"))
