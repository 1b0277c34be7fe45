"""healthdiplomacy: news about Iran's health diplomacy into evidence-backed tables.

The public API, flat:

>>> import healthdiplomacy as hd
>>> articles = hd.load_corpus()          # the four seed articles
>>> sorted(articles["language"])
['en', 'fa', 'fa', 'fa']
"""

# In the order the data flows: text -> corpus -> codebook -> coding -> results.
from .text.encoding import DecodeError, decode_bytes
from .text.language import detect_language
from .text.normalize import compact, match_form, normalize
from .text.sentences import Sentence, article_sentences, split_sentences
from .corpus import (COLUMNS, SEEDS, CorpusError, CorpusReport, DataFileError, MetadataError, Skipped,
                     article_from_text, content_hash, detect_source, html_to_text, iter_corpus, load_corpus,
                     NEAR_DUPLICATE_COLUMNS, NEAR_DUPLICATE_THRESHOLD, copies_per_article, mark_near_duplicates,
                     near_duplicates)
from .codebook.tables import Codebook, CodebookError, load_codebook, load_partners, load_themes
from .coding.stages import STAGE_COLUMNS
from .coding.tagger import (LINK_COLUMNS, MENTION_COLUMNS, SENTENCE_COLUMNS, YEAR_COLUMNS, ArticleCoding, Tagger,
                            Tagging, tag_articles, tag_corpus)
from .coding.quantities import (QUANTITY_COLUMNS, Quantity, QuantityError, QuantityTerms, find_quantities,
                                 load_quantity_terms, quantities_table)
from .results.corrections import (ACTIONS, APPLIED_COLUMNS, CORRECTION_COLUMNS, Correction, CorrectionError,
                                  CorrectionWarning, apply_corrections, load_corrections)
from .results.events import EVENT_COLUMNS, event_id, find_events, link_events
from .results.filters import FilterError, Filters
from .results.findings import Findings, findings
from .results.outputs import write_table
from .results.processed import CodedCorpus, coded_corpus
from .results.profiles import PartnerProfile, partner_profiles

__version__ = "0.1.0"

__all__ = [
    "DecodeError", "decode_bytes", "detect_language", "compact", "match_form", "normalize", "Sentence",
    "split_sentences", "article_sentences",
    "COLUMNS", "SEEDS", "CorpusError", "CorpusReport", "DataFileError", "MetadataError", "Skipped",
    "article_from_text", "content_hash", "detect_source", "html_to_text", "iter_corpus", "load_corpus",
    "NEAR_DUPLICATE_COLUMNS", "NEAR_DUPLICATE_THRESHOLD", "copies_per_article", "mark_near_duplicates",
    "near_duplicates",
    "Codebook", "CodebookError", "load_codebook", "load_partners", "load_themes",
    "STAGE_COLUMNS", "LINK_COLUMNS", "MENTION_COLUMNS", "SENTENCE_COLUMNS", "YEAR_COLUMNS", "ArticleCoding",
    "Tagger", "Tagging", "tag_articles", "tag_corpus",
    "QUANTITY_COLUMNS", "Quantity", "QuantityError", "QuantityTerms", "find_quantities", "load_quantity_terms",
    "quantities_table",
    "ACTIONS", "APPLIED_COLUMNS", "CORRECTION_COLUMNS", "Correction", "CorrectionError", "CorrectionWarning",
    "apply_corrections", "load_corrections", "EVENT_COLUMNS", "event_id", "find_events", "link_events",
    "FilterError", "Filters", "Findings", "findings", "write_table", "CodedCorpus", "coded_corpus",
    "PartnerProfile", "partner_profiles",
]
