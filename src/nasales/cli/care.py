"""Looking after the data: backup, doctor, and a person's data (GDPR)."""
