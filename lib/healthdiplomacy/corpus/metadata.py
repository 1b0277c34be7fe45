"""``metadata.csv``: titles, urls, dates and sources for the files beside it."""
from __future__ import annotations

import io
from pathlib import Path

from .datafiles import BrokenCsv, csv_reader, numbered_rows
from .errors import CorpusError, LoadState, MetadataError
from .files import MAX_BYTES, decode_file, read_bytes


METADATA_FILE = "metadata.csv"


ID_COLUMNS = ("article_id", "id", "doc_id", "uid")


OPTIONAL_COLUMNS = ("title", "url", "published", "source")


def metadata_for(path: Path, root: Path, load: LoadState) -> dict[str, dict]:
    """The ``metadata.csv`` nearest to ``path``: in its folder, else in the parents up to ``root``.

    Read once per folder and load (not cached across loads: an edited
    metadata.csv counts at the next load). Columns: an id (one of
    :data:`ID_COLUMNS`, matched against the file name with or without its
    extension) and any of ``title, url, published, source``.
    """
    folder = path.parent
    while True:
        if folder not in load.metadata:
            meta_path = folder / METADATA_FILE
            load.metadata[folder] = read_metadata(meta_path) if meta_path.is_file() else None
        if load.metadata[folder] is not None:
            return load.metadata[folder]
        if folder == root or folder == folder.parent or root not in folder.parents:
            return {}
        folder = folder.parent


def read_metadata(path: str | Path) -> dict[str, dict]:
    """Read a ``metadata.csv``: ``{article id: {title, url, published, source}}``.

    Raises :class:`MetadataError` naming the file and line of the first problem:
    no id column, a row with more fields than the header, an empty or repeated
    id, or CSV that cannot be parsed.

    >>> import tempfile
    >>> meta = Path(tempfile.mkdtemp()) / "metadata.csv"
    >>> _ = meta.write_text("id,url,published\\nx,https://example.org/x,\\n", encoding="utf-8")
    >>> read_metadata(meta)
    {'x': {'url': 'https://example.org/x'}}
    >>> _ = meta.write_text("id,url\\nx,u\\nx,v\\n", encoding="utf-8")
    >>> read_metadata(meta)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.errors.MetadataError: ...metadata.csv:3: id 'x' repeats line 2
    """
    path = Path(path)
    text, _ = _decode_metadata(path)
    try:
        reader, fieldnames = csv_reader(io.StringIO(text, newline=""))
        header = [c.strip().lower() for c in fieldnames]
        id_column = next((c for c in ID_COLUMNS if c in header), None)
        if id_column is None:
            raise MetadataError(f"{path}:1", f"needs an id column (one of: {', '.join(ID_COLUMNS)}); "
                                             f"the header is {','.join(fieldnames)!r}")
        reader.fieldnames = header
        found: dict[str, dict] = {}
        first_line: dict[str, int] = {}
        for line, row in numbered_rows(reader):
            if None in row:
                raise MetadataError(f"{path}:{line}", f"{len(header) + len(row[None])} fields but the header "
                                                      f"has {len(header)} (quote values that contain commas)")
            key = (row.get(id_column) or "").strip()
            if not key:
                raise MetadataError(f"{path}:{line}", f"no {id_column} in this row")
            if key in found:
                raise MetadataError(f"{path}:{line}", f"{id_column} {key!r} repeats line {first_line[key]}")
            first_line[key] = line
            found[key] = {k: (row.get(k) or "").strip() for k in OPTIONAL_COLUMNS if (row.get(k) or "").strip()}
    except BrokenCsv as exc:
        raise MetadataError(f"{path}:{exc.line}", exc.reason) from None
    return found


def _decode_metadata(path: Path) -> tuple[str, str]:
    try:
        return decode_file(path, read_bytes(path, MAX_BYTES))
    except CorpusError as exc:
        raise MetadataError(exc.path, exc.reason) from None
