"""Text as a person means it, whatever the keyboard or the export did.

One normalisation for every path in (command line, import, demo): what is stored is what
`export` writes and `import` reads back, byte for byte.
"""

import unicodedata
from collections.abc import Iterable

from nasales.errors import Invalid

# Line breaks of every kind become "\n" in free text; in one-line text, a space.
_BREAKS = {"\r\n": "\n", "\r": "\n", "\x85": "\n", "\u2028": "\n", "\u2029": "\n"}


def clean_text(text: str | None) -> str:
    """One line of text: Unicode-normalised (NFKC, so look-alike forms of a name are one
    name), control characters and runs of white space as one space, format characters
    (zero-width spaces and joiners, a BOM, soft hyphens, bidi controls: invisible, they
    would make `Ac\u200bme` a second `Acme`) removed, trimmed."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # the common case, 10x faster
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if _is_control(ch) else ch for ch in text if not _is_format(ch))
    return " ".join(text.split())


def clean_note(text: str | None) -> str:
    """Free text (notes): line breaks of every kind as "\\n", other control characters as a
    space, no white space at the ends of lines or of the text; the rest as typed."""
    if not text:
        return ""
    if not (text.isascii() and text.isprintable()):
        text = unicodedata.normalize("NFC", text)
        for old, new in _BREAKS.items():
            text = text.replace(old, new)
        text = "".join(" " if ch != "\n" and _is_control(ch) else ch for ch in text)
        text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text.strip()


def _is_control(ch: str) -> bool:
    return unicodedata.category(ch) in ("Cc", "Zl", "Zp")


def _is_format(ch: str) -> bool:
    return unicodedata.category(ch) == "Cf"


def clean_name(name: str | None, what: str = "name") -> str:
    name = clean_text(name)
    if not name:
        from nasales.i18n import _

        raise Invalid(_("empty {what}").format(what=_(what)))
    return name


def account_name(name: str | None) -> str:
    """An account's name, cleaned; refused when it is written like an item key in either
    language (`manual:1`, `toezegging:1`, `relationship:Acme`), so that `done NAME` can
    never mean two things."""
    from nasales.domain.vocabulary import KEY_PREFIXES

    name = clean_name(name, "account name")
    prefix, colon, rest = name.partition(":")
    if colon and rest.strip() and prefix.strip().casefold() in KEY_PREFIXES:
        from nasales.i18n import _

        raise Invalid(
            _(
                "an account cannot be called {name!r}: that is how nasales done names an item "
                "on the list; write the name without the colon"
            ).format(name=name)
        )
    return name


def optional(text: str | None) -> str | None:
    """A one-line optional field: cleaned, and None when nothing is left."""
    return clean_text(text) or None


def person_key(name: str) -> str:
    """How names of people and accounts are matched: any case, any Unicode form."""
    return clean_text(name).casefold()


def closest(name: str, names: Iterable[str]) -> str | None:
    """The one of `names` a typo of `name` most likely meant ("Bakerij Jansen": "Bakkerij
    Jansen"), compared as `person_key` compares names; None when none is close."""
    from difflib import get_close_matches

    spelled = {person_key(n): n for n in names}
    found = get_close_matches(person_key(name), list(spelled), n=1, cutoff=0.75)
    return spelled[found[0]] if found else None
