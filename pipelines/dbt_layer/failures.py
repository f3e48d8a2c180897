"""What a failed `dbt build` stopped on, in the words of the build's failure message."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pipelines.dbt_layer.models import guarded_table


def failure_summary(run_results: Mapping[str, Any], manifest: Mapping[str, Any]) -> str:
    """One clause per failed data test (the table it guards, violations, what it checks) and per model error."""
    nodes = manifest["nodes"]
    clauses, skipped = [], 0
    for result in run_results.get("results", []):
        node = nodes.get(result["unique_id"], {})
        status = result["status"]
        if status in ("fail", "error") and node.get("resource_type") == "test":
            table = guarded_table(node, nodes)
            description = node["config"].get("meta", {}).get("description", "")
            if status == "fail":
                clauses.append(f"{table}: blocking data test {node['name']} failed "
                               f"({result.get('failures') or 0} violating rows): {description}")
            else:
                clauses.append(f"{table}: blocking data test {node['name']} could not run ({description}): "
                               f"{(result.get('message') or '').strip()}")
        elif status == "error":
            clauses.append(f"{node.get('name', result['unique_id'])}: {(result.get('message') or '').strip()}")
        elif status == "skipped":
            skipped += 1
    if skipped:
        clauses.append(f"{skipped} models and tests built on them were skipped")
    return "; ".join(clauses) or "dbt build failed (see the dbt log in the build folder)"

