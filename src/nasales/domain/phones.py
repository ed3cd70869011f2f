"""Phone numbers compared as numbers: `06 1234 5678`, `0031 6 1234 5678` and `+31 (0)6 1234
5678` are one number (E.164 `+31612345678`), read with the well-kept `phonenumbers` library.

National numbers are read in the configured country (the playbook's `country` setting).
`phonenumbers` costs about 60 ms to import: only the commands that compare numbers pay it.
"""

from collections.abc import Iterator
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
