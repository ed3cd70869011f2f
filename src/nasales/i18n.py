"""The language nasales speaks (PRODUCT.md §7): English, or Dutch from a gettext catalogue.

Every msgid is English, so English needs no catalogue. Run time uses only the standard
library's `gettext` and the compiled `locale/<lang>/LC_MESSAGES/nasales.mo`; Babel extracts,
compiles and tests the catalogues (tools/catalog.sh), and at run time only reads an amount
a person typed (domain/values.py), never imported here.

- `_("…")` / `ngettext(…)` where text is used (messages printed while a command runs);
  `N_("…")` where it is defined before the language is known (help texts, tables of
  labels), to be translated where it is shown. Never call `_()` at module level.
- Dates and amounts follow the language's CLDR conventions: `date_text`, `money`.
- The language: NASALES_LANG, else `language` in the settings file (read once per run by
  `nasales.settings`, which passes it in), else the locale variables in gettext's order
  (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English.
"""

import gettext as _gettext
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DOMAIN = "nasales"
LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = {"en": "English", "nl": "Nederlands"}

_translations: dict[str, _gettext.NullTranslations] = {}
_active: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    return _active.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _active.ngettext(singular, plural, n)


def language() -> str:
    """The active language: "en" or "nl"."""
    return _language


def activate(lang: str | None = None) -> str:
    """Make `lang` (default: the one the environment chooses, `language_choice`) the
    language of `_()`."""
    global _active, _language
    lang = lang or language_choice().language
    if lang not in _translations:
        _translations[lang] = _load(lang)
    _active, _language = _translations[lang], lang
    return lang


def _load(lang: str) -> _gettext.NullTranslations:
    if lang == "en":
        return _gettext.NullTranslations()
    try:
        with (LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as f:
            return _gettext.GNUTranslations(f)
    except OSError:  # a broken install speaks English rather than fail
        return _gettext.NullTranslations()


# -- which language -------------------------------------------------------------------------


@dataclass(frozen=True)
class LanguageChoice:
    language: str  # "en" or "nl"
    source: str  # where it came from, e.g. "NASALES_LANG=nl"

    def explain(self) -> str:
        return _("language: {name} (from {source})").format(
            name=LANGUAGES[self.language], source=self.source
        )


def language_choice(setting: tuple[str, str] | None = None) -> LanguageChoice:
    """The language in force: NASALES_LANG, else `setting` (the settings file's `language`
    and where it is: `settings.Settings.language`), else the locale, else English."""
    wanted = os.environ.get("NASALES_LANG", "").strip()
    if wanted:
        return LanguageChoice(_known(wanted) or "en", f"NASALES_LANG={wanted}")
    if setting is not None:
        return LanguageChoice(*setting)
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:  # the first one set decides, as in gettext (LANGUAGE is a list)
            known = [k for tag in value.split(":") if (k := _known(tag))]
            return LanguageChoice(known[0] if known else "en", f"{variable}={value}")
    return LanguageChoice("en", _("the default"))


def _known(tag: str) -> str | None:
    """`nl`, `nl_NL.UTF-8`, `nl-BE`, `dutch` → "nl"; `en…`, `C`, `POSIX` → "en"."""
    tag = tag.strip().lower()
    if tag.startswith(("nl", "dutch", "nederlands")):
        return "nl"
    if tag.startswith(("en", "c.", "posix.")) or tag in ("c", "posix"):
        return "en"
    return None


# -- dates and amounts, as CLDR writes them (tests/test_formats.py holds them to Babel) ----


def date_text(day: date | None) -> str:
    """A day as people read it: `27-11-2026` in Dutch (CLDR nl short), ISO in English."""
    if day is None:
        return ""
    if _language == "nl":
        return f"{day.day:02d}-{day.month:02d}-{day.year}"
    return day.isoformat()


# CLDR's month names (format context, wide and abbreviated) of each language
_MONTHS = {
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
    "nl": (
        "januari",
        "februari",
        "maart",
        "april",
        "mei",
        "juni",
        "juli",
        "augustus",
        "september",
        "oktober",
        "november",
        "december",
    ),
}
_SHORT_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "nl": ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec"),
}


def long_date(day: date, year: bool = True) -> str:
    """A day in words, CLDR `d MMMM y`: `2 November 2026`, `2 november 2026` in Dutch;
    without the year `2 November`."""
    text = f"{day.day} {_MONTHS[_language][day.month - 1]}"
    return f"{text} {day.year}" if year else text


def short_date(day: date) -> str:
    """A day on a chart's axis, CLDR `d MMM`: `2 Nov`, `2 nov` in Dutch."""
    return f"{day.day} {_SHORT_MONTHS[_language][day.month - 1]}"


_NL_SEPARATORS = str.maketrans(",.", ".,")


def money(amount: float | None) -> str:
    """An amount in euros: whole amounts without cents, others with two decimals (rounded
    half-to-even, as Babel does): `€ 185.000`, `€ 1.054,50` in Dutch; `€185,000` in English."""
    if amount is None:
        return ""
    from decimal import ROUND_HALF_EVEN, Decimal

    value = Decimal(str(amount))
    whole = value == value.to_integral_value()
    value = value.quantize(Decimal(1) if whole else Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    digits = f"{abs(value):,.0f}" if whole else f"{abs(value):,.2f}"
    sign = "-" if value < 0 else ""
    if _language == "nl":
        return f"{sign}€ {digits.translate(_NL_SEPARATORS)}"
    return f"{sign}€{digits}"


def enumerate_words(words: tuple[str, ...] | list[str]) -> str:
    """ "A, B or C" in the language in force ("A, B of C")."""
    words = list(words)
    if len(words) < 2:
        return "".join(words)
    return _("{words} or {last}").format(words=", ".join(words[:-1]), last=words[-1])
