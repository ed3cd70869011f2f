"""Names and one-line texts as a person means them, whatever the keyboard or the export did."""

import unicodedata

from nasales.errors import Invalid


def clean_text(text: str | None) -> str:
    """One line of text as a person means it: Unicode-normalised (NFKC, so look-alike forms
    of a name are one name), control characters and runs of white space as one space."""
    if not text:
        return ""
    if text.isascii() and text.isprintable():  # the common case, 10x faster
        return " ".join(text.split())
    text = unicodedata.normalize("NFKC", text)
    text = "".join(" " if unicodedata.category(ch) == "Cc" else ch for ch in text)
    return " ".join(text.split())


def clean_name(name: str, what: str = "name") -> str:
    name = clean_text(name)
    if not name:
        raise Invalid(f"empty {what}")
    return name
