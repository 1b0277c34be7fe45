"""The corpus: articles read from a folder, a file or a table, with their metadata,
their source agency and their boilerplate removed; every file loaded or listed as skipped.

Builds on :mod:`healthdiplomacy.text` only. The modules, from the bottom up:
``errors`` (what a load raises and counts), ``datafiles`` (package CSVs with line
numbers), ``html``, ``boilerplate``, ``sources``, ``articles`` (one row from one
text), ``files`` (one file), ``metadata`` (``metadata.csv``), ``tables``
(``.csv``/``.jsonl``), ``loading`` (a folder, a file or a list of them) and
``duplicates`` (republished copies: MinHash/LSH over the loaded articles).
"""
from .articles import COLUMNS, article_from_text, content_hash
from .duplicates import (NEAR_DUPLICATE_COLUMNS, NEAR_DUPLICATE_THRESHOLD, copies_per_article, mark_near_duplicates,
                         near_duplicates)
from .errors import CorpusError, CorpusReport, DataFileError, MetadataError, Skipped, nothing_read
from .html import html_to_text
from .loading import SEEDS, iter_corpus, load_corpus
from .metadata import read_metadata
from .sources import detect_source

__all__ = ["COLUMNS", "SEEDS", "CorpusError", "CorpusReport", "DataFileError", "MetadataError", "Skipped",
           "article_from_text", "content_hash", "detect_source", "html_to_text", "iter_corpus", "load_corpus",
           "nothing_read", "read_metadata", "NEAR_DUPLICATE_COLUMNS", "NEAR_DUPLICATE_THRESHOLD", "copies_per_article",
           "mark_near_duplicates", "near_duplicates"]
