"""CSV cells that are safe to open in a spreadsheet, and read back unchanged.

A cell starting with `=`, `+`, `-`, `@`, tab or CR could run as a formula (OWASP "CSV
injection"); it is written with a leading apostrophe, which `unguard` removes again.
"""

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def guard(cell: object) -> str:
    text = "" if cell is None else str(cell)
    if text.startswith(DANGEROUS) or (text.startswith("'") and text[1:].startswith(DANGEROUS)):
        return "'" + text
    return text


def unguard(cell: str) -> str:
    if cell.startswith("'") and cell[1:].startswith((*DANGEROUS, "'")):
        return cell[1:]
    return cell
