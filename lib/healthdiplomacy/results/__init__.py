"""Results: the tables analysts read (theme x partner, rankings, evidence, stages, years),
the agreement with hand-coded labels, and the files written out (CSV, JSONL, Parquet, XLSX).
"""
