"""The dbt project (pipelines/dbt_project) seen from Python: its manifest, sources and profile."""
