"""A file that names one record twice (PRODUCT.md §5): harmless when the rows agree, a
contradiction when they do not — `Dup,Eva` then `dup,Piet` in one accounts file cannot both
be meant, and the later row silently winning would be a guess. Each row is held to the first
row of the file that named its record, by the kind's key (names in any case, the account a
row names by its name, as it may not exist yet). Orders keep their own rule (a ref, or the
account, title, status and day: `Importer._plan_orders`); kinds whose records may share a key
(`Kind.repeats`: a hurdle raised twice in a day) have no such contradiction, and touchpoints
are matched by every field."""

from nasales.domain.text import person_key
from nasales.i18n import _
from nasales.transfer.kinds import Kind


class FirstRows:
    def __init__(self, kind: Kind) -> None:
        self.key_columns = kind.key
        self.active = bool(kind.key) and not kind.repeats and kind.name != "orders"
        self.spelled = {f.to for f in kind.fields if f.any_case}
        self.name = next((f.name for f in kind.fields if f.any_case), "")
        self.fields = {f.to: f.name for f in kind.fields}
        self.first: dict[tuple, tuple[int, dict]] = {}  # by key: (line, what the row says)

    def key(self, values: dict, row: dict) -> tuple:
        return tuple(
            values["account"].casefold()
            if column == "account_id"
            else person_key(row[column])
            if column in self.spelled
            else row.get(column)
            for column in self.key_columns
        )

    def says(self, row: dict) -> dict:
        """What a row says of its record beyond the key (and a name's spelling)."""
        ignored = {*self.key_columns, *self.spelled, "account_id"}
        return {column: value for column, value in row.items() if column not in ignored}

    def compare(self, values: dict, row: dict, problems: list[str]) -> None:
        """Note what is wrong when an earlier row named the record with other values."""
        if not self.active or (first := self.first.get(self.key(values, row))) is None:
            return
        line, said = first
        says = self.says(row)
        differ = [self.fields[c] for c in {**said, **says} if said.get(c) != says.get(c)]
        if differ:
            problems.append(
                _("{name!r} is also on line {line}, with other values ({fields})").format(
                    name=values.get(self.name, ""), line=line, fields=", ".join(differ)
                )
            )

    def note(self, values: dict, row: dict, line: int) -> None:
        """A valid row: the first of its record, unless an earlier row named it."""
        if self.active:
            self.first.setdefault(self.key(values, row), (line, self.says(row)))
