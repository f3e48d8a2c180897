"""SQL models (dims, facts, marts) kept in pipelines/sql/models, one SELECT per file."""
