"""Data tests on the built tables: keys, references and reconciliation."""
