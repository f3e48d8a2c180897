"""Raw-source contracts: one per source, the single source of truth."""

from pipelines.contracts.model import Column, Contract, RowRule
from pipelines.contracts.sources import ALL_CONTRACTS

CONTRACTS: dict[str, Contract] = {c.name: c for c in ALL_CONTRACTS}


def get_contract(name: str) -> Contract:
    try:
        return CONTRACTS[name]
    except KeyError:
        raise KeyError(f"unknown source {name!r}; known sources: {', '.join(CONTRACTS)}") from None


__all__ = ["ALL_CONTRACTS", "CONTRACTS", "Column", "Contract", "RowRule", "get_contract"]
