"""Dagster wiring: the only code that imports dagster.

Loading the definitions imports dbt, and dbt imports jsonschema, which imports the optional rfc3987_syntax
when it is installed (JupyterLab's dependencies bring it) and compiles its 39 grammars on import: about a
third of the time `dagster dev` takes to load this code location (docs/benchmark.md). dbt validates no IRI
formats, so the Dagster process marks that optional module absent and jsonschema carries on without it.
Notebooks and JupyterLab run in their own processes and are unaffected.
"""

import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]
