"""What a capture did, counted, and said in the user's language (PRODUCT.md §9)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from nasales.domain.capture import domain_of
from nasales.domain.freemail import FREE_MAIL
from nasales.domain.phones import international
from nasales.i18n import N_, _, date_text, ngettext
from nasales.output.capture import captured
from nasales.transfer.capture import Bad

MOST = 5  # unknown numbers and addresses named without --unknown
NAMED_BAD = 20  # unreadable records named one by one; the rest counted
REASONS = {
    "unanswered": N_("unanswered"),
    "short": N_("short"),
    "internal": N_("internal"),
    "withheld": N_("number withheld"),
    "cancelled": N_("cancelled"),
    "declined": N_("declined"),
    "free": N_("shown as free"),
    "unaccepted": N_("invitation not answered"),
    "future": N_("future"),
}


@dataclass
class Summary:
    source: str  # the file or mailbox, as the user named it
    dry_run: bool = False
    read: int = 0
    logged: int = 0  # records with a touchpoint written
    already: int = 0  # records whose every touchpoint was there (captured or typed)
    touchpoints: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    unplaced: int = 0  # records naming nobody on file
    unknown: Counter[str] = field(default_factory=Counter)  # numbers (E.164), addresses
    bad: list[Bad] = field(default_factory=list)  # the first NAMED_BAD
    bad_count: int = 0
    would_log: list[tuple] = field(default_factory=list)  # dry run: see Staging.new
    unread: int = 0  # lines (or messages) read by an earlier capture, not read again

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def not_on_file(self, unknown: list[str]) -> None:
        self.unplaced += 1
        self.unknown.update(unknown)

    def unreadable(self, bad: Bad) -> None:
        self.bad_count += 1
        if len(self.bad) < NAMED_BAD:
            self.bad.append(bad)

    def lines(self, every_unknown: bool = False) -> list[str]:
        """The report for standard output."""
        lines = []
        if self.dry_run:
            lines.append(_("Would log:") if self.would_log else _("Would log nothing."))
            lines += ["  " + _touchpoint(row) for row in self.would_log]
        reasons = ", ".join(
            f"{n} {_(REASONS.get(reason, reason))}" for reason, n in sorted(self.skipped.items())
        )
        counts = {
            "source": self.source,
            "read": self.read,
            "logged": self.logged,
            "already": self.already,
            "skipped": sum(self.skipped.values()),
            "unplaced": self.unplaced,
            "bad": self.bad_count,
        }
        if self.dry_run:
            text = _(
                "{source}: read {read}, would log {logged}, already logged {already}, "
                "skipped {skipped}"
            )
        else:
            text = _(
                "{source}: read {read}, logged {logged}, already logged {already}, "
                "skipped {skipped}"
            )
        text = text.format(**counts) + (f" ({reasons})" if reasons else "")
        text += ", " + _("not on file {unplaced}, unreadable {bad}").format(**counts)
        lines.append(text)
        if self.unread:
            lines.append(
                ngettext(
                    "(only what was added since the last capture was read: {n} line before it "
                    "was not read again)",
                    "(only what was added since the last capture was read: {n} lines before it "
                    "were not read again)",
                    self.unread,
                ).format(n=self.unread)
            )
        lines += self._unknown_lines(every_unknown)
        if self.dry_run:
            lines.append(_("dry run: nothing written"))
        return lines

    def _unknown_lines(self, every: bool) -> list[str]:
        if not self.unknown:
            return []
        ranked = self.unknown.most_common(None if every else MOST)
        shown = [(_shown(what), n) for what, n in ranked]
        if every:
            lines = [_("Not on file (add them as contacts):")]
            lines += [f"  {what} ({n}×)" for what, n in shown]
        else:
            text = ", ".join(f"{what} ({n}×)" for what, n in shown)
            more = len(self.unknown) - len(ranked)
            if more:
                text += ", " + _("{n} more (see --unknown)").format(n=more)
            lines = [_("Not on file, most frequent: {list}").format(list=text)]
        domains = Counter[str]()
        free = FREE_MAIL
        for what, n in self.unknown.items():
            if "@" in what and (domain := domain_of(what)) not in free:
                domains[domain] += n
        if domains:
            top = ", ".join(f"{d} ({n}×)" for d, n in domains.most_common(MOST))
            lines.append(
                _(
                    "Their domains: {list}; give an account its domain with: "
                    "nasales account set NAME --domain DOMAIN"
                ).format(list=top)
            )
        return lines

    def problems(self) -> list[str]:
        """The unreadable records, named, for standard error."""
        lines = [
            _("skipped {where}: {reason}").format(where=bad.where, reason=bad.reason)
            for bad in self.bad
        ]
        if self.bad_count > len(self.bad):
            lines.append(
                _("… and {n} more unreadable records").format(n=self.bad_count - len(self.bad))
            )
        return lines


def _shown(what: str) -> str:
    return international(what) if what.startswith("+") else what


def _touchpoint(row: tuple) -> str:
    """A touchpoint a dry run would log, on one line."""
    from nasales.output.sentences import word  # a dry run's only

    day, account, contact, kind, direction, seconds, note, by = row
    day = date.fromisoformat(day) if isinstance(day, str) else day
    bits = [date_text(day), word(kind), account]
    if contact:
        bits.append(_("with {name}").format(name=contact))
    if by:
        bits.append(_("by {name}").format(name=by))
    if direction or seconds:
        bits.append(f"({captured(None, direction, seconds)})")
    return " ".join(bits) + (f": {note}" if note else "")
