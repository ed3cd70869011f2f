"""Every line of SQL: the connection and its transaction (db), the schema's migrations, the
set-based facts the rules read, single records by what they are (customers, orders,
follow-up), one account's page (timeline), a person's data (people), backups and health."""
