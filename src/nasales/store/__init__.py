"""Every line of SQL: the database connection, migrations, the set-based facts, records."""

from nasales.store.db import *  # noqa: F403  (transitional)
