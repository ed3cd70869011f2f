"""Consistent copies of a live SQLite database (the backup API, never a file copy)."""

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine

from nasales.errors import NasalesError


def copy_database(source: Path, target: Path) -> Path:
    """Copy `source` to `target` with SQLite's online backup API; owner-only; verified."""
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".part")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=10)
    dst = sqlite3.connect(tmp)
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode = DELETE")
        (verdict,) = dst.execute("PRAGMA integrity_check").fetchone()
    finally:
        dst.close()
        src.close()
    if verdict != "ok":
        tmp.unlink(missing_ok=True)
        raise NasalesError(f"backup failed its integrity check: {verdict}")
    tmp.replace(target)
    return target


def backup_before_migration(engine: Engine, path: Path, first_pending: str) -> Path:
    engine.dispose()
    return copy_database(path, path.with_name(f"{path.name}.before-{first_pending}"))
