"""The database's files: where the default one lives, the files SQLite keeps beside it, how
a new one is created (owner-only, never a tree of directories for a typo), how one is read
without leaving a byte behind, and what is said when it is missing, damaged or read-only.
"""

import os
from contextlib import suppress
from pathlib import Path

from nasales.errors import NasalesError
from nasales.i18n import _

COMPANIONS = ("-wal", "-shm", "-journal")  # the files SQLite keeps next to a database
# A copy `nasales backup` wrote carries this in its header's application_id, and in its
# user_version whose copy it is (`backup.book_mark`); a book restored from it loses both
# when it is first written to (`db.connect`), so only a backup is ever replaced by one.
BACKUP_APPLICATION_ID = 0x4E534250  # "NSBP"


def companions(path: Path) -> list[Path]:
    """The files SQLite keeps next to the database at `path`, whether they exist or not."""
    return [Path(f"{path}{suffix}") for suffix in COMPANIONS]


def default_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path("nasales") / "nasales.db"


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file, through `..`, symlinks and hard links alike."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def refuse_database_files(target: Path, database: Path | None) -> None:
    """Refuse to write `target` when it is the database or one of its companion files."""
    if database is None:
        return
    for name in (database, *companions(database)):
        if same_file(target, name):
            raise NasalesError(
                _("refusing to overwrite the database file {path}").format(path=name)
            )


class NoDatabase(NasalesError):
    """A command that only reads found no nasales database where it looked (and made none)."""


def reading_uri(path: Path) -> str:
    """The URI that reads `path` and writes nothing. SQLite opens even a read-only WAL
    database by creating its `-wal` and `-shm` files (with the database's mode: 0444 files
    that later block every write) and leaves them behind. A file this user cannot write
    whose log holds nothing is therefore read as it stands (`immutable`: no log, no
    locks, since no write of ours can come)."""
    uri = f"{path.as_uri()}?mode=ro"
    wal = Path(f"{path}-wal")
    pending = wal.exists() and wal.stat().st_size > 0
    if not pending and read_only_file(path) is not None:
        uri += "&immutable=1"
    return uri


def must_exist(path: Path) -> None:
    if path.is_dir():
        raise NasalesError(_("{path} is a directory, not a database file").format(path=path))
    if not path.exists() or path.stat().st_size == 0:
        raise NoDatabase(no_database(path))


def no_database(where: object) -> str:
    return _(
        "no nasales database at {path}; check the path (--db, NASALES_DB), or start one by "
        "recording something (nasales account add NAME) or with: nasales demo"
    ).format(path=where)


def create_private(path: Path) -> bool:
    """Create the database file owner-only (it holds personal data); whether this call
    created it. Only the default location's directory is created (owner-only): a path typed
    with --db or NASALES_DB must lie in a directory that exists, so a typo never grows a
    tree of directories. An empty file given as the database is made owner-only too, as it
    becomes one."""
    created = False
    try:
        if not path.parent.exists():
            if path.parent != default_path().parent:
                raise NasalesError(
                    _(
                        "there is no directory {folder} for the database {path}; check the "
                        "path, or create the directory first"
                    ).format(folder=path.parent, path=path)
                )
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not path.exists():
            with suppress(FileExistsError):
                os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
                created = True
        elif path.is_file() and path.stat().st_size == 0:
            with suppress(PermissionError):  # another user's file: doctor reports its mode
                path.chmod(0o600)
    except OSError as exc:
        raise NasalesError(
            _("cannot create the database at {path}: {reason}").format(
                path=path, reason=exc.strerror
            )
        ) from None
    if path.is_dir():
        raise NasalesError(_("{path} is a directory, not a database file").format(path=path))
    return created


def remove_new(path: Path) -> None:
    """Remove a database file this command created, and the files SQLite kept beside it: a
    command that failed leaves no new database behind (a typo in NASALES_DB stays a typo)."""
    for name in (path, *companions(path)):
        with suppress(OSError):
            name.unlink(missing_ok=True)


SQLITE_HEADER = b"SQLite format 3\x00"


def looks_like_ours(path: Path) -> bool:
    """Whether a file SQLite cannot read was a database: it starts as one, or nasales made
    backups of it (a file cut to a few bytes)."""
    from nasales.store.backup import all_backups

    with suppress(OSError), path.open("rb") as f:
        if f.read(len(SQLITE_HEADER)) == SQLITE_HEADER:
            return True
    return bool(all_backups(path))


def damaged(path: Path, reason: BaseException | str) -> str:
    """A damaged database in one line: what SQLite said, and the backup to restore."""
    from nasales.store.backup import all_backups

    copies = sorted(all_backups(path), key=lambda p: p.stat().st_mtime)
    if copies:
        return _(
            "the database {path} is damaged ({reason}); nothing was changed. Restore a "
            "backup (how: nasales backup --help): the newest next to it is {backup}"
        ).format(path=path, reason=reason, backup=copies[-1])
    return _(
        "the database {path} is damaged ({reason}); nothing was changed, and there is no "
        "backup next to it: restore one you made elsewhere (how: nasales backup --help)"
    ).format(path=path, reason=reason)


def cannot_save(found: Path) -> str:
    return _("cannot save: {path} is read-only; make it writable with: chmod u+w '{path}'").format(
        path=found
    )


def read_only_file(path: Path | None) -> Path | None:
    """The first of the database's directory and files that this user cannot write."""
    if path is None:
        return None
    for name in (path.parent, path, *companions(path)):
        if name.exists() and not os.access(name, os.W_OK):
            return name
    return None
