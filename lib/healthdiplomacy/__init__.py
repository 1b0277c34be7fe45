"""healthdiplomacy: news about Iran's health diplomacy into evidence-backed tables.

The public API, flat:

>>> import healthdiplomacy as hd
>>> articles = hd.load_corpus()          # the four seed articles
>>> sorted(articles["language"])
['en', 'fa', 'fa', 'fa']
"""

from .codebook.tables import Codebook, CodebookError, load_codebook, load_partners, load_themes
from .corpus import (COLUMNS, SEEDS, CorpusError, CorpusReport, DataFileError, MetadataError, Skipped,
                     article_from_text, content_hash, detect_source, html_to_text, iter_corpus, load_corpus)
from .text.encoding import DecodeError, decode_bytes
from .text.language import detect_language
from .text.normalize import compact, match_form, normalize
from .text.sentences import Sentence, split_sentences
from .results.outputs import write_table
from .coding.tagger import (LINK_COLUMNS, MENTION_COLUMNS, SENTENCE_COLUMNS, ArticleCoding, Tagger, Tagging,
                            tag_articles, tag_corpus)
from .coding.stages import STAGE_COLUMNS

__version__ = "0.1.0"

__all__ = [
    "ArticleCoding", "Codebook", "CodebookError", "LINK_COLUMNS", "MENTION_COLUMNS", "SENTENCE_COLUMNS",
    "STAGE_COLUMNS", "Tagger", "Tagging", "load_codebook",
    "load_partners", "load_themes", "tag_articles", "tag_corpus", "write_table",
    "COLUMNS", "SEEDS", "CorpusError", "CorpusReport", "DataFileError", "DecodeError", "MetadataError",
    "Sentence", "Skipped",
    "article_from_text", "compact", "content_hash", "decode_bytes", "detect_language",
    "detect_source", "html_to_text", "iter_corpus", "load_corpus", "match_form", "normalize",
    "split_sentences",
]
