"""Where a free text names one person (GDPR access and erasure), and nobody else.

A text names the person where it holds one of their e-mail addresses or phone numbers
(anywhere), or their full name at one of their own accounts. What is *not* them:

- a longer name that holds theirs: another person (`Jan Jansen`, `P. Jansen`, an account
  manager `Jan Smit`, an account `Jan Bakker BV`) is that other person, when the book knows
  that name (`others`);
- a name joined to more by a hyphen or an apostrophe (`Jan-machine`, `Jan-Willem`,
  `O'Neill` for `Neill`); a possessive `Jan's` is still Jan;
- a one-word name written without its capital (`jan.` is January, `mark` a verb);
- a longer address (`marie.jan@x.nl` for `jan@x.nl`) or a longer number.

Phone numbers are compared as numbers (E.164, `domain.phones`): `06-99998888`,
`0031 6 9999 8888` and `+31 (0)6 9999 8888` are `+31 6 9999 8888` in the Netherlands.
Text is compared in one Unicode form (NFKC), so a name typed with decomposed accents is
found too.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from nasales.domain.phones import e164, national_digits, numbers_at

ERASED = "[erased]"

_NAME_START = r"(?<!\w)(?<!\w[-'’])"  # not inside a word, nor joined to one before
_NAME_END = r"(?!\w)(?!-\w)(?!['’](?![sS](?!\w))\w)"  # …nor after (`Jan's` is Jan)
_MAIL_START = r"(?<![\w.+%-])"
_MAIL_END = r"(?![\w-])(?!\.\w)"
_SEPARATORS = r"[\s\-./()]*"


def normal(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


def _name(name: str) -> str:
    """A full name as a pattern: its words in order, any white space between them (none
    needed after an initial: `J.Jansen`)."""
    words = normal(name).split()
    pattern = ""
    for n, word in enumerate(words):
        pattern += re.escape(word)
        if n < len(words) - 1:
            pattern += r"\s*" if word.endswith(".") else r"\s+"
    return pattern


def _names(names: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = sorted({_name(n) for n in names if n.split()}, key=len, reverse=True)
    if not alternatives:
        return None
    return re.compile(f"{_NAME_START}(?:{'|'.join(alternatives)}){_NAME_END}", re.IGNORECASE)


def _digits(phone: str) -> str | None:
    """A number `phonenumbers` cannot read, as its digits in any spacing (`+31 (6) 12…`)."""
    digits = re.sub(r"\D", "", phone)
    if len(digits) < 6:  # too short to identify anyone
        return None
    return r"(?<!\w)\+?" + _SEPARATORS.join(re.escape(d) for d in digits) + r"(?!\w)"


@dataclass(frozen=True)
class _Name:
    pattern: re.Pattern[str]
    capital: bool  # a one-word name with a capital: its mentions need one too


class Mentions:
    """The person's addresses, numbers and names, ready to find in any text."""

    def __init__(
        self,
        emails: Iterable[str],
        phones: Iterable[str],
        names: dict[int, list[str]],
        others: Iterable[str],
        country: str = "NL",
    ) -> None:
        emails = sorted({normal(e.strip()) for e in emails if e and e.strip()}, key=len)
        self._mail = (
            re.compile(
                f"{_MAIL_START}(?:{'|'.join(map(re.escape, reversed(emails)))}){_MAIL_END}",
                re.IGNORECASE,
            )
            if emails
            else None
        )
        self.country = country
        self._numbers: set[str] = set()
        self._national: set[str] = set()
        unread = []
        for phone in phones:
            if not phone:
                continue
            number = e164(phone, country)
            if number is not None:
                self._numbers.add(number)
                self._national.add(national_digits(number))
            if digits := _digits(phone):
                unread.append(digits)
        self._unread = re.compile("|".join(unread)) if unread else None
        own = {normal(n).casefold() for names_ in names.values() for n in names_}
        self._names = {
            account: [
                _Name(p, len(n.split()) == 1 and n.strip()[:1].isupper())
                for n in sorted(set(names_))
                if (p := _names([n])) is not None
            ]
            for account, names_ in names.items()
        }
        all_own = [n.pattern for found in self._names.values() for n in found]
        # the longer names of other people (or things) that hold one of the person's names
        shields = [
            o
            for o in {normal(o) for o in others if o and o.strip()}
            if " ".join(o.split()).casefold() not in own and any(p.search(o) for p in all_own)
        ]
        self._others = _names(shields)

    def spans(self, text: str | None, account_id: int | None) -> list[tuple[int, int]]:
        """Where `text` (in NFKC) names the person, as (start, end), in order, apart."""
        if not text:
            return []
        text = normal(text)
        found: list[tuple[int, int]] = []
        if self._mail is not None:
            found += [m.span() for m in self._mail.finditer(text)]
        found += self._phone_spans(text)
        names = self._names.get(account_id, []) if account_id is not None else []
        if names:
            shielded = [m.span() for m in self._others.finditer(text)] if self._others else []
            for name in names:
                for m in name.pattern.finditer(text):
                    if name.capital and not m.group()[:1].isupper():
                        continue
                    start, end = m.span()
                    if not any(s <= start and end <= e for s, e in shielded):
                        found.append((start, end))
        return _merged(found)

    def _phone_spans(self, text: str) -> list[tuple[int, int]]:
        found = []
        if self._unread is not None:
            found += [m.span() for m in self._unread.finditer(text)]
        if self._numbers and any(n in re.sub(r"\D", "", text) for n in self._national):
            found += [
                (start, end)
                for start, end, number in numbers_at(text, self.country)
                if number in self._numbers
            ]
        return found

    def names_in(self, text: str | None, account_id: int | None) -> bool:
        return bool(self.spans(text, account_id))

    def redact(self, text: str, account_id: int | None) -> str:
        """`text` (in NFKC) with each mention of the person replaced by `[erased]`."""
        text = normal(text)
        for start, end in reversed(self.spans(text, account_id)):
            text = text[:start] + ERASED + text[end:]
        return text


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
