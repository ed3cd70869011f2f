"""The language nasales speaks (PRODUCT.md §7): English, or Dutch from a gettext catalogue.

Every human word goes through `_()` (or `ngettext` for a count); `N_()` marks a word that is
translated later, where it is shown. Dates and amounts follow the language's CLDR
conventions (see `date_text` and `money`).
"""

import gettext as _gettext
import os
from contextlib import suppress
from dataclasses import dataclass
from datetime import date

_translation: _gettext.NullTranslations = _gettext.NullTranslations()
_language = "en"


def _(message: str) -> str:
    return _translation.gettext(message)


def N_(message: str) -> str:
    """Mark `message` for the catalogue; it is translated where it is shown."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    return _translation.ngettext(singular, plural, n)


def language() -> str:
    return _language


def date_text(day: date | None) -> str:
    if day is None:
        return ""
    if _language == "nl":
        return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"
    return day.isoformat()


def money(value: float | None) -> str:
    """An amount in euros, whole: `€ 185.000` in Dutch, `€185,000` in English."""
    if value is None:
        return ""
    whole = f"{round(value):,d}"
    if _language == "nl":
        return "€ " + whole.replace(",", ".")
    return "€" + whole


def enumerate_words(words: tuple[str, ...] | list[str]) -> str:
    return ", ".join(words)


LANGUAGES = {"en": "English", "nl": "Nederlands"}


@dataclass(frozen=True)
class LanguageChoice:
    language: str  # "en" or "nl"
    source: str  # where it came from, e.g. "NASALES_LANG=nl"

    def explain(self) -> str:
        return _("language: {name} (from {source})").format(
            name=LANGUAGES[self.language], source=self.source
        )


def language_choice() -> LanguageChoice:
    """NASALES_LANG, else `language` in the config file, else the locale variables in
    gettext's order (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English."""
    wanted = os.environ.get("NASALES_LANG", "").strip()
    if wanted:
        return LanguageChoice(_known(wanted) or "en", f"NASALES_LANG={wanted}")
    from nasales.domain.rules import configured_language

    if setting := configured_language():
        return LanguageChoice(setting[0], setting[1])
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
    if tag.startswith(("en", "c", "posix")) or tag in ("c.utf-8", ""):
        return "en"
    return None


def setup(command: object = None) -> None:
    """Choose the language for this run and load its catalogue."""
    global _translation, _language
    choice = language_choice()
    _language = choice.language
    _translation = _gettext.NullTranslations()
    if _language != "en":
        from pathlib import Path

        with suppress(OSError):
            _translation = _gettext.translation(
                "nasales", Path(__file__).parent / "locale", [_language]
            )


def usage_error(message: str, command_path: str) -> str:
    return _("{message} (see '{command} --help')").format(message=message, command=command_path)
