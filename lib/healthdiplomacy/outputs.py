"""Write result tables in formats that diff cleanly (CSV, JSONL) or load fast (Parquet).

>>> import pandas as pd, io
>>> buffer = io.StringIO()
>>> write_table(pd.DataFrame({"a": [2, 1], "b": ["y", "x"]}), buffer, "csv")
>>> buffer.getvalue()
'a,b\\n2,y\\n1,x\\n'
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import IO

import pandas as pd

FORMATS = ("csv", "jsonl", "parquet")


def format_for(path: str | Path | None, default: str = "csv") -> str:
    """The output format a file name implies (``links.jsonl`` -> ``jsonl``).

    >>> format_for("out/links.parquet"), format_for(None)
    ('parquet', 'csv')
    """
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else default


def write_table(frame: pd.DataFrame, out: str | Path | IO[str] | None, fmt: str = "csv") -> None:
    """Write ``frame`` to a path, an open text stream, or stdout (``None``).

    CSV is UTF-8 with ``\\n`` line endings; JSONL keeps Persian readable
    (no ``\\u`` escapes); Parquet needs a path.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise ValueError("parquet output needs --out FILE")
        frame.to_parquet(out, index=False)
        return
    handle, close = _open(out)
    try:
        if fmt == "csv":
            frame.to_csv(handle, index=False, lineterminator="\n")
        else:
            for record in frame.to_dict("records"):
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    finally:
        if close:
            handle.close()


def _open(out) -> tuple[IO[str], bool]:
    if out is None:
        return sys.stdout, False
    if isinstance(out, (str, Path)):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        return open(out, "w", encoding="utf-8", newline=""), True
    return out, False
