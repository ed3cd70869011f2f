"""What an import did, counted, and said in the user's language."""

from dataclasses import dataclass, field

from nasales.i18n import _, ngettext


@dataclass
class Summary:
    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    accounts_created: int = 0
    invalid: list[tuple[int, str]] = field(default_factory=list)  # (line, what is wrong)
    ignored_columns: list[str] = field(default_factory=list)
    amounts: str | None = None  # how the file's amounts were read, when it could not tell
    dry_run: bool = False

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def reject(self, line: int, problems: list[str]) -> None:
        self.invalid.append((line, "; ".join(problems)))

    def lines(self) -> list[str]:
        counts = {
            "n": self.imported,
            "new": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }
        text = ngettext("{kind}: {rows} row read", "{kind}: {rows} rows read", self.rows).format(
            kind=self.kind, rows=self.rows
        )
        if self.dry_run:
            done = _("would import {n} ({new} new, {updated} updated, {unchanged} unchanged)")
        else:
            done = _("imported {n} ({new} new, {updated} updated, {unchanged} unchanged)")
        text += ", " + done.format(**counts)
        if self.invalid:
            text += ", " + _("{n} invalid").format(n=len(self.invalid))
        if self.accounts_created:
            n = self.accounts_created
            text += "; " + ngettext("{n} account created", "{n} accounts created", n).format(n=n)
        lines = [text]
        if self.ignored_columns:
            lines.append(
                _("ignored columns: {columns}").format(columns=", ".join(self.ignored_columns))
            )
        if self.amounts:
            lines.append(self.amounts)
        if self.dry_run:
            lines.append(_("dry run: nothing written"))
        return lines
