"""Deterministic sample-data generator: a synthetic sales organisation's raw exports plus ground truth.

    from pipelines.generator import generate_company
    summary = generate_company(Path("data/raw"), scale=0.05, seed=42)
"""

from pipelines.generator.command import run_generate
from pipelines.generator.company import generate_company, generated_sources
from pipelines.generator.config import WINDOW_END, WINDOW_START, Sizing, sizing_for
from pipelines.generator.ground_truth import GROUND_TRUTH_DIR
from pipelines.generator.summary import GenerationSummary

__all__ = [
    "GROUND_TRUTH_DIR",
    "WINDOW_END",
    "WINDOW_START",
    "GenerationSummary",
    "Sizing",
    "generate_company",
    "generated_sources",
    "run_generate",
    "sizing_for",
]
