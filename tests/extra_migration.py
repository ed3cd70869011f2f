"""A test-only migration that rebuilds two parent tables the way sqlite.org prescribes.

SQLite cannot add a constraint or change a column in place; the 12-step procedure
(https://www.sqlite.org/lang_altertable.html#otheralter) creates the new table, copies the
rows, drops the old one and renames the new one. Done with foreign keys on, dropping
`contact` would SET NULL every touchpoint's contact and dropping `account` would fail or
cascade: the migration mechanism must turn them off around the step and check after.
"""

import sys

from nasales.store.db import Database

REBUILD_CONTACT = """
CREATE TABLE contact_new (
    id INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id),
    name VARCHAR NOT NULL,
    role VARCHAR,
    phone VARCHAR,
    email VARCHAR,
    is_primary BOOLEAN NOT NULL DEFAULT FALSE,
    do_not_call BOOLEAN NOT NULL DEFAULT FALSE,
    language VARCHAR
);
INSERT INTO contact_new (id, account_id, name, role, phone, email, is_primary, do_not_call)
    SELECT id, account_id, name, role, phone, email, is_primary, do_not_call FROM contact;
DROP TABLE contact;
ALTER TABLE contact_new RENAME TO contact;
CREATE UNIQUE INDEX ux_contact_account_name ON contact (account_id, name)
"""

REBUILD_ACCOUNT = """
CREATE TABLE account_new (
    id INTEGER PRIMARY KEY,
    name VARCHAR NOT NULL,
    name_key VARCHAR NOT NULL UNIQUE,
    owner VARCHAR,
    tier VARCHAR CHECK (tier IN ('A', 'B', 'C')),
    clv FLOAT,
    notes VARCHAR NOT NULL DEFAULT '',
    domains VARCHAR NOT NULL DEFAULT '',
    website VARCHAR
);
INSERT INTO account_new (id, name, name_key, owner, tier, clv, notes, domains)
    SELECT id, name, name_key, owner, tier, clv, notes, domains FROM account;
DROP TABLE account;
ALTER TABLE account_new RENAME TO account
"""


def statements(script: str) -> list[str]:
    return [s for s in script.split(";") if s.strip()]


def m900_rebuild_contact_and_account(db: Database) -> None:
    for statement in statements(REBUILD_CONTACT) + statements(REBUILD_ACCOUNT):
        db.execute(statement)


if __name__ == "__main__":  # `python extra_migration.py ARGS`: nasales with this migration
    from nasales.cli import main
    from nasales.store.migrations import migration

    migration(m900_rebuild_contact_and_account)
    sys.argv[0] = "nasales"
    main()
