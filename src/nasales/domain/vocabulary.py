"""The product's words (PRODUCT.md §2, §3, §7): kinds, moods, reasons, tiers, statuses,
decisions, and the Dutch words a salesperson may type for them in either language."""

from functools import cache

from nasales.errors import Invalid

PERSONAL_KINDS = ("call", "visit", "meeting", "agreement")  # personal contact
CUSTOMER_FACING_KINDS = (*PERSONAL_KINDS, "email")  # what the customer saw: its mood counts
KINDS = (*CUSTOMER_FACING_KINDS, "note")
MOODS = ("positive", "neutral", "doubt", "negative")
TIERS = ("A", "B", "C")
STATUSES = ("won", "lost")
DECISIONS = ("clear", "narrow")
SOURCES = ("calls", "calendar", "mail")  # where a captured touchpoint came from (§9)
DIRECTIONS = ("in", "out")  # a captured call's or e-mail's

# The reasons to call, by rank: the order of today's list.
REASONS = (
    "hurdle",
    "manual",
    "proposal",
    "confirm",
    "agreement",
    "post_delivery",
    "lost_followup",
    "relationship",
)
RANK = {reason: rank for rank, reason in enumerate(REASONS, 1)}

# An item's key is `<prefix>:<subject>`; Dutch human output prints the Dutch prefix
# (PRODUCT.md §7), and every command accepts either. JSON and CSV keep the English reason.
DUTCH_KEY_PREFIXES = {
    "hurdle": "probleem",
    "manual": "toezegging",
    "proposal": "voorstel",
    "confirm": "bevestigen",
    "agreement": "instemming",
    "post_delivery": "nalevering",
    "lost_followup": "verloren",
    "relationship": "relatie",
}
KEY_PREFIXES = {
    **{reason: reason for reason in REASONS},
    **{dutch: reason for reason, dutch in DUTCH_KEY_PREFIXES.items()},
}  # a key's prefix, in either language, -> its reason


def key_reason(prefix: str) -> str | None:
    """The reason a key's prefix names, in either language and any case: `probleem` and
    `Hurdle` are both `hurdle`; None for anything else."""
    return KEY_PREFIXES.get(prefix.strip().casefold())


def key_in(key: str, language: str) -> str:
    """An item's key as a person in `language` reads and types it: `confirm:VD-2041` is
    `bevestigen:VD-2041` in Dutch. JSON and CSV keep the key as it is."""
    reason, sep, subject = key.partition(":")
    if language == "nl" and sep and reason in DUTCH_KEY_PREFIXES:
        return f"{DUTCH_KEY_PREFIXES[reason]}:{subject}"
    return key


def shown_key(key: str) -> str:
    """An item's key in the language in force (human output: lists, confirmations, show)."""
    from nasales.i18n import language

    return key_in(key, language())


# Dutch (and a few everyday English) words, accepted in every language; among them every
# word nasales prints for a code (output/sentences.py WORDS, DECISIONS: tests/test_words.py).
SYNONYMS = {
    "kind": {
        "bel": "call",
        "gebeld": "call",
        "telefoongesprek": "call",
        "gesprek": "call",
        "telefoontje": "call",
        "belletje": "call",
        "telefoon": "call",
        "telefonisch": "call",
        "phone": "call",
        "bezoek": "visit",
        "bezocht": "visit",
        "overleg": "meeting",
        "afspraak": "meeting",
        "bespreking": "meeting",
        "vergadering": "meeting",
        "instemming": "agreement",
        "akkoord": "agreement",
        "mail": "email",
        "e-mail": "email",
        "gemaild": "email",
        "notitie": "note",
        "aantekening": "note",
    },
    "mood": {
        "positief": "positive",
        "neutraal": "neutral",
        "twijfel": "doubt",
        "negatief": "negative",
    },
    "status": {"gewonnen": "won", "verloren": "lost"},
    "decision": {
        "duidelijk": "clear",
        "duidelijke keuze": "clear",
        "clear decision": "clear",
        "nipt": "narrow",
        "nipte keuze": "narrow",
        "narrow decision": "narrow",
        "krap": "narrow",
    },
}


def choice(value: str | None, allowed: tuple[str, ...], what: str) -> str | None:
    """`value` as one of `allowed` (any case, or a Dutch word for it); empty is None."""
    if value is None or value == "":
        return None
    found = _by_fold(allowed, what).get(" ".join(value.split()).casefold())
    if found is None:
        from nasales.i18n import _, enumerate_words

        raise Invalid(
            _("bad {what} {value!r}: use one of {choices}").format(
                what=_(what), value=value, choices=enumerate_words(shown(allowed, what))
            )
        )
    return found


def shown(allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    """The words to offer for `allowed`: in Dutch, the first Dutch word for each (both work)."""
    from nasales.i18n import language

    if language() != "nl":
        return allowed
    dutch: dict[str, str] = {}
    for word, meaning in SYNONYMS.get(what, {}).items():
        if meaning in allowed:
            dutch.setdefault(meaning, word)
    return tuple(dutch.get(a, a) for a in allowed)


@cache
def _by_fold(allowed: tuple[str, ...], what: str) -> dict[str, str]:
    """Once per list: an import calls `choice` for every cell."""
    words = {a.casefold(): a for a in allowed}
    for word, meaning in SYNONYMS.get(what, {}).items():
        if meaning in allowed:
            words.setdefault(word, meaning)
    return words
