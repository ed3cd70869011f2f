"""Reading a growing file again from where the last capture left it (PRODUCT.md §6, round 3:
a second capture of the same call log costs at most half the first).

A phone system appends to its call log. What a capture has read and finished with (every
line before the first call still in the future, and before a last line still being
written) is remembered in the reader's state: how many lines, and a hash of their text. The
next capture of that file counts and hashes the same number of lines without reading them
as calls; when the hash agrees, it goes on from there, else (the file was rotated, edited,
replaced) it reads the whole file again. The state says nothing of the book: the engine
forgets it when the book's contacts change, so a number added since is found in old calls.
"""

from collections.abc import Iterator
from datetime import date
from hashlib import blake2b


class Changed(Exception):
    """The file does not start as it did: read it whole."""


class Prefix:
    """The lines of a file, counted as its reader takes them; on a resumed read, the lines
    `skip_from`…`upto` (1-based) are compared and left out. What identifies the part read
    before: how many lines and characters, its first line and its last line (a call log's
    lines each hold a call's id and time: a file that was rotated or edited differs there)."""

    def __init__(
        self, lines: Iterator[str], resume: "Resume | None" = None, keep_first: bool = False
    ) -> None:
        self.lines = lines
        self.count = self.chars = 0
        self.first = self.last = ""
        self.upto = resume.lines if resume is not None else 0
        self.expected = resume.hash if resume is not None else ""
        self.skip_from = 2 if keep_first else 1
        self.done = self.before = (0, 0, "")  # lines, characters, last line: finished with

    @property
    def skipped(self) -> int:
        """How many lines were left out (line numbers after them are this much higher)."""
        return max(0, self.upto - self.skip_from + 1) if self.upto else 0

    def __iter__(self) -> Iterator[str]:
        upto, skip_from = self.upto, self.skip_from
        count = chars = 0
        for line in self.lines:
            count += 1
            chars += len(line)
            if count == 1:
                self.first = line
            if skip_from <= count <= upto:
                if count == upto:
                    self.done = self.before = (count, chars, line)
                    if self.mark() != self.expected:
                        raise Changed
                continue
            self.count, self.chars, self.last = count, chars, line
            yield line
        if count < upto:
            raise Changed  # shorter than it was

    def mark(self) -> str:
        """What identifies the lines finished with."""
        count, chars, last = self.done
        text = f"{count}\x00{chars}\x00{self.first}\x00{last}"
        return blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()

    def finished(self) -> None:
        """Everything taken so far is done with (a call not in the future): remember it,
        for now (`unfinish` takes it back for the row just taken). A last line without its
        line break may still be being written: not yet."""
        if self.last.endswith(("\n", "\r")):
            self.before, self.done = self.done, (self.count, self.chars, self.last)

    def unfinish(self) -> None:
        """The row just taken is not done with after all: back to before it."""
        self.done = self.before


class Resume:
    """Where to go on from, as the state says, if it is about the same reading."""

    def __init__(self, lines: int, hash: str) -> None:
        self.lines, self.hash = lines, hash

    @classmethod
    def of(cls, state: dict[str, str], how: str, until: date) -> "Resume | None":
        """The state's resume point, if the last capture read the file the same way (`how`)
        up to a day no later than this one's."""
        try:
            lines, last = int(state.get("lines", "0")), date.fromisoformat(state.get("until", ""))
        except ValueError:
            return None
        if lines <= 0 or state.get("how") != how or last > until or not state.get("hash"):
            return None
        return cls(lines, state["hash"])


def remember(state: dict[str, str], prefix: Prefix, how: str, until: date, **more: str) -> None:
    """Write where this reading finished with the file into the reader's state, with what
    else the reader needs to go on (`more`); and tell the engine how many lines of the
    file were not read again (`_unread`, see transfer/capture/__init__.py)."""
    lines = prefix.done[0]
    state.clear()
    if lines:
        state.update(lines=str(lines), hash=prefix.mark(), how=how)
        state.update(until=until.isoformat(), **more)
    if prefix.upto:
        state["_unread"] = str(prefix.upto)
