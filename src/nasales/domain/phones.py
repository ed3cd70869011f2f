"""Phone numbers compared as numbers: `06 1234 5678`, `0031 6 1234 5678` and `+31 (0)6 1234
5678` are one number (E.164 `+31612345678`), read with the well-kept `phonenumbers` library.

National numbers are read in the configured country (the playbook's `country` setting).
`phonenumbers` costs about 60 ms to import: only the commands that compare numbers pay it.
"""

import re
from collections.abc import Callable, Iterator
from functools import lru_cache


@lru_cache(maxsize=65536)  # call logs repeat the same few thousand numbers
def e164(number: str | None, country: str = "NL") -> str | None:
    """The number in E.164 (`+31612345678`), or None when it is no possible phone number."""
    if not number or not any(ch.isdigit() for ch in number):
        return None
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, country)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


_SIMPLE = frozenset("0123456789+ -./()")
_SEPARATORS = str.maketrans("", "", "+ -./()")  # what is left of a simple number: digits


@lru_cache(maxsize=1 << 17)  # a call log of 100 000 lines: every number once
def canonical(number: str | None, country: str = "NL") -> str | None:
    """The number in E.164, the quick way: a number of the configured country written with
    digits and the usual separators (`06 1234 5678`, `0031 (0)6-12345678`, `+31 6 …`) is
    read with the country's codes and lengths from phonenumbers' metadata, without parsing;
    anything else (another country's number, a short one, letters) is `e164`'s, which gives
    the same for the rest (tests/test_capture_engine.py compares the two). None: no possible
    number (an extension, a withheld number)."""
    if not number or not set(number) <= _SIMPLE:
        return e164(number, country)
    code, international, national, lengths, pattern = _metadata(country)
    text = number.strip()
    plus = text.startswith("+")
    trunk = "(0)" in text  # +31 (0)6: the trunk 0 written along, in brackets
    if trunk:
        if not (plus or text.startswith(international or "+")):
            return e164(number, country)
        text = text.replace("(0)", "", 1)
    digits = text.translate(_SEPARATORS)
    if plus:
        full = digits
    elif international and digits.startswith(international):
        full = digits[len(international) :]
    elif digits.startswith(code) and not (national and digits.startswith(national)):
        return e164(number, country)  # a country code without its +, perhaps
    else:
        full = code + digits  # national: its trunk prefix goes below
    if not code or not full.startswith(code):
        return e164(number, country)  # another country's: its own rules
    subscriber = full[len(code) :]
    if national and subscriber.startswith(national):
        if trunk:
            return e164(number, country)  # a trunk 0 twice: phonenumbers' own rules
        if len(subscriber) - len(national) in lengths:
            subscriber = subscriber[len(national) :]
    if len(subscriber) < 8 or len(subscriber) not in lengths or not pattern(subscriber):
        return e164(number, country)  # short, or odd: phonenumbers' own rules
    return f"+{code}{subscriber}"


@lru_cache(maxsize=64)
def _metadata(country: str) -> tuple[str, str, str, frozenset[int], Callable[[str], object]]:
    """A region's country code, international prefix, national prefix, the possible lengths
    of its national numbers, and the pattern they match."""
    import phonenumbers

    meta = phonenumbers.PhoneMetadata.metadata_for_region(country.upper())
    desc = meta.general_desc if meta is not None else None
    if meta is None or desc is None:
        return "", "", "", frozenset(), lambda _text: None
    lengths = frozenset(desc.possible_length or ())
    international = meta.international_prefix or ""
    if not international.isdigit():  # a pattern (several prefixes): leave it to phonenumbers
        international = ""
    pattern = re.compile(desc.national_number_pattern or "(?!)").fullmatch
    return str(meta.country_code), international, meta.national_prefix or "", lengths, pattern


def numbers_in(text: str, country: str = "NL") -> Iterator[tuple[str, str]]:
    """Each phone number written in a free text: (as written, E.164)."""
    if sum(ch.isdigit() for ch in text) < 6:  # too few digits to hold a number
        return
    import phonenumbers

    leniency = phonenumbers.Leniency.POSSIBLE
    for match in phonenumbers.PhoneNumberMatcher(text, country, leniency=leniency):
        yield (
            match.raw_string,
            phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
        )


def international(number: str) -> str:
    """An E.164 number as people read it: `+31 6 12345678`."""
    import phonenumbers

    try:
        parsed = phonenumbers.parse(number, None)
    except phonenumbers.NumberParseException:
        return number
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
