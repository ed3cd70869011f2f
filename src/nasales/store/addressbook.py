"""What mail is matched against, as one digest (PRODUCT.md §9): the contacts' addresses and
the accounts' domains. A mailbox read incrementally is read whole again when it changed since
the last capture: mail that named nobody on file then may name someone now."""

import hashlib

from nasales.store.db import Database


def digest(db: Database) -> str:
    found = hashlib.sha256()
    for (email,) in db.all(
        "SELECT lower(email) FROM contact WHERE email IS NOT NULL AND email <> '' ORDER BY 1"
    ):
        found.update(email.encode("utf-8", "surrogatepass") + b"\n")
    found.update(b"\0")
    for (domains,) in db.all("SELECT domains FROM account WHERE domains <> '' ORDER BY 1"):
        found.update(domains.encode("utf-8", "surrogatepass") + b"\n")
    return found.hexdigest()[:32]
