"""The dbt models as the rest of the product sees them: names, what each reads, descriptions, files.

Everything here comes from dbt's parsed manifest (ref() and source() lineage), never from scanning SQL.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache
from typing import Any

from pipelines.dbt_layer.project import DBT_PROJECT_DIR, manifest


@cache
def _models() -> dict[str, dict]:
    return {n["name"]: n for n in manifest()["nodes"].values() if n["resource_type"] == "model"}


def _name(unique_id: str) -> str:
    m = manifest()
    node = m["nodes"].get(unique_id) or m["sources"].get(unique_id)
    return node["name"]


def model_names() -> list[str]:
    return sorted(_models())


def is_model(table: str) -> bool:
    return table in _models()


def model_reads(name: str) -> tuple[str, ...]:
    """The tables a model selects from: other models, stg_* sources and build_params."""
    return tuple(sorted({_name(u) for u in _models()[name]["depends_on"]["nodes"]}))


def model_description(name: str) -> str:
    return _models()[name].get("description", "")


def model_file(name: str) -> str:
    """The model's SQL file, relative to the repository root."""
    return f"pipelines/{DBT_PROJECT_DIR.name}/{_models()[name]['original_file_path']}"


def model_group(name: str) -> str:
    return _models()[name]["config"].get("meta", {}).get("dagster", {}).get("group", "core")


def guarded_table(test: Mapping[str, Any], nodes: Mapping[str, Any]) -> str:
    """The table a data test guards: the one a singular test names in its meta, else the model its YAML sits
    under, else the first model it reads (nodes: a manifest's nodes, parsed or compiled)."""
    named = test["config"].get("meta", {}).get("dagster", {}).get("ref", {}).get("name")
    if named:
        return named
    attached = test.get("attached_node")
    if attached in nodes:
        return nodes[attached]["name"]
    models = [nodes[u]["name"] for u in test.get("depends_on", {}).get("nodes", []) if u.startswith("model.")]
    return models[0] if models else test["name"]


def test_description(test_name: str) -> str:
    """What a data test checks, in the words of its `config.meta.description`."""
    for node in manifest()["nodes"].values():
        if node["resource_type"] == "test" and node["name"] == test_name:
            return node["config"].get("meta", {}).get("description") or test_name
    return test_name


_IDENTIFIER = re.compile(r"(?<![.\w'\"])([a-z_][a-z0-9_]*)\b(?!\s*\()")


def with_refs(sql: str) -> str:
    """Plain SQL over warehouse table names, with dbt's ref() for models and source() for stg_ tables.

    Comments and string literals are left alone.
    """
    sources = {t["name"] for t in manifest()["sources"].values()}

    def replace(match: re.Match[str]) -> str:
        table = match.group(1)
        if table in _models():
            return "{{ ref('" + table + "') }}"
        if table in sources:
            return "{{ source('salesops', '" + table + "') }}"
        return table

    lines = []
    for line in sql.split("\n"):
        code, dashes, comment = line.partition("--")
        parts = re.split(r"('(?:[^']|'')*')", code)
        lines.append("".join(p if p.startswith("'") else _IDENTIFIER.sub(replace, p) for p in parts)
                     + dashes + comment)
    return "\n".join(lines)
