"""Files `salesops init` puts into a new project folder (package data, so `pip install .` ships them)."""
