"""Readers of raw exports: CSV and text in any common encoding, Parquet, Excel workbooks."""
