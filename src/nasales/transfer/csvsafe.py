"""CSV cells that are safe to open in a spreadsheet, and read back unchanged.

A cell starting with `=`, `+`, `-`, `@`, tab or CR could run as a formula (OWASP "CSV
injection"); it is written with a leading apostrophe, which `unguard` removes again. So that
every cell reads back as it was written, a cell that already starts with such an apostrophe
(an apostrophe followed by a dangerous character or by another apostrophe) gets one too.
"""

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
_AFTER_APOSTROPHE = (*DANGEROUS, "'")


def _guarded(text: str) -> bool:
    """Whether `text` starts with the apostrophe `guard` adds: the one `unguard` strips."""
    return text[:1] == "'" and text[1:].startswith(_AFTER_APOSTROPHE)


def guard(cell: object) -> str:
    text = "" if cell is None else str(cell)
    if text.startswith(DANGEROUS) or _guarded(text):
        return "'" + text
    return text


def unguard(cell: str) -> str:
    return cell[1:] if _guarded(cell) else cell
