"""Command line: ``python -m healthdiplomacy COMMAND ...``.

Bad input (a missing path, an empty folder, a malformed codebook) gets one
readable line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from .corpus import SEEDS, CorpusError, load_corpus, nothing_read
from .results.outputs import FORMATS, format_for
from .results.filters import Filters
from .results.profiles import TOP_PROFILES
from .results.processed import coded_corpus, load_info

USER_ERRORS: tuple[type[Exception], ...] = (CorpusError, FileNotFoundError, IsADirectoryError,
                                            PermissionError, UnicodeError, ValueError)


# One meaning everywhere: whatever would be skipped (a file, a table row, a table's unread
# rest) stops the command instead, with exit status 2.
STRICT_HELP = "any file or row that cannot be read is an error (exit status 2), not a skip (exit status 1)"


class UsageError(Exception):
    """Bad input that is not a corpus file: one line for the user."""


def _user_errors() -> tuple[type[Exception], ...]:
    errors = list(USER_ERRORS) + [UsageError]
    from .codebook.tables import CodebookError
    from .report.build import NotebookError
    from .results.corrections import CorrectionError
    from .results.validation import GoldError
    return tuple(errors + [CodebookError, CorrectionError, GoldError, NotebookError])


# --- corpus ----------------------------------------------------------------------------


# What a terminal must not be given raw: bidi controls (U+202E turns "txt.exe" into
# "exe.txt" on screen), other control characters (ESC starts terminal commands) and line
# and paragraph separators. ZWNJ and ZWJ stay: Persian words need them.
_UNSAFE_FOR_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")


def for_terminal(text: object) -> str:
    r"""``text`` as one visible line for a terminal: controls shown as ``\uXXXX`` escapes.

    >>> print(for_terminal("Iran\u202eIraq\tcopy\x1b[2J"))
    Iran\u202eIraq\u0009copy\u001b[2J
    >>> for_terminal("همکاری\u200cها") == "همکاری\u200cها"  # ZWNJ belongs to the word
    True
    """
    return _UNSAFE_FOR_TERMINAL.sub(lambda m: f"\\u{ord(m.group()):04x}", str(text))


def _corpus_command(args: argparse.Namespace) -> int:
    articles = load_corpus(args.paths or SEEDS, errors="raise" if args.strict else "skip")
    out = sys.stdout
    for row in articles.itertuples():
        title = " ".join(row.title.split())
        flag = f"  [duplicate of {for_terminal(row.duplicate_of)}]" if row.duplicate_of else ""
        fields = (row.article_id, row.language, row.source or "-", row.chars, title)
        out.write("\t".join(map(for_terminal, fields)) + f"{flag}\n")
    for skipped in articles.attrs["skipped"]:
        out.write(f"skipped\t{for_terminal(skipped['path'])}\t{for_terminal(skipped['reason'])}\n")
    languages = articles["language"].value_counts().sort_index()
    by_language = ", ".join(f"{lang} {n}" for lang, n in languages.items())
    out.write(f"total: {len(articles)} articles ({by_language or 'none'}), "
              f"{int(articles['chars'].sum()):,} characters; "
              f"{articles.attrs['files_seen']} files seen ({articles.attrs['entries_seen']} entries: "
              f"{len(articles)} loaded, {len(articles.attrs['skipped'])} skipped)\n")
    if articles.empty:
        raise nothing_read(" ".join(map(str, args.paths or [SEEDS])), articles.attrs["skipped"])
    return finished(articles.attrs["skipped"], listed=True, warnings=articles.attrs["warnings"])


def strict_check(skipped: list, strict: bool) -> None:
    """With ``--strict``, stop (exit status 2) at the first entry skipped: for the commands
    that load leniently and cache what they read (``data``, ``report``).

    >>> strict_check([{"path": "a.txt", "reason": "empty file (0 bytes)"}], strict=False)
    >>> strict_check([{"path": "a.txt", "reason": "empty file (0 bytes)"}], strict=True)
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.errors.CorpusError: a.txt: empty file (0 bytes) (--strict: 1 input(s) skipped)
    """
    if strict and skipped:
        first = skipped[0]
        path, reason = (first["path"], first["reason"]) if isinstance(first, dict) else (first.path, first.reason)
        raise CorpusError(path, f"{reason} (--strict: {len(skipped)} input(s) skipped)")


def finished(skipped: list, listed: bool = False, warnings: list | None = None) -> int:
    """The exit status of a command that ran to the end: 0 when every input was read, 1 when
    some were skipped (each listed on stderr, unless the command ``listed`` them already), so
    a script can tell a complete run from a partial one. ``warnings`` (inputs read, but not
    as written: a repeated article id renamed) go to stderr and leave the status alone.

    >>> finished([])
    0
    """
    for warning in warnings or []:
        print(f"warning: {for_terminal(warning)}", file=sys.stderr)
    for item in skipped:
        path, reason = (item["path"], item["reason"]) if isinstance(item, dict) else (item.path, item.reason)
        if not listed:
            print(f"skipped {for_terminal(path)}: {for_terminal(reason)}", file=sys.stderr)
    if skipped:
        print(f"{len(skipped)} input(s) skipped: exit status 1 (--strict stops at the first)", file=sys.stderr)
    return 1 if skipped else 0


# --- tag -------------------------------------------------------------------------------


def _tag_command(args: argparse.Namespace) -> int:
    from .codebook.tables import load_codebook
    from .pipeline import tag_to_files

    if args.corrections or args.events or args.quantities or args.near_duplicates:
        return _tag_in_memory(args)
    # Streamed: articles are read, tagged (on --jobs cores) and written chunk by
    # chunk, so a corpus of any size runs in bounded memory.
    run = tag_to_files(args.paths or SEEDS, args.out, args.format or format_for(args.out),
                       mentions_out=args.mentions, stages_out=args.stages, sentences_out=args.sentences,
                       years_out=args.years,
                       codebook=load_codebook(args.codebook) if args.codebook else None,
                       jobs=0 if args.jobs is None else args.jobs,
                       chunksize=128 if args.chunksize is None else args.chunksize,
                       errors="raise" if args.strict else "skip")
    return finished(run.report.skipped, warnings=run.report.warnings)


def _tag_in_memory(args: argparse.Namespace) -> int:
    """``tag --corrections`` / ``--events`` / ``--quantities`` / ``--near-duplicates``: the
    corpus is tagged in memory (a correction may name any article, an event spans articles), corrected,
    grouped into events, then each table written as the streamed run writes it (links
    with ``event_id`` when events are asked for)."""
    from .coding.quantities import QUANTITY_COLUMNS, quantities_table
    from .coding.tagger import STORED_COLUMNS
    from .results.events import find_events, link_events
    from .results.outputs import write_table

    asked = [f"--{name.replace('_', '-')}" for name in ("corrections", "events", "quantities", "near_duplicates")
             if getattr(args, name)]
    unused = [f"--{name}" for name in ("jobs", "chunksize") if getattr(args, name, None) is not None]
    print(f"{', '.join(asked)}: the corpus is tagged in memory, in one process"
          + (f" ({' and '.join(unused)} not used)" if unused else ""), file=sys.stderr)
    articles, tagging = _tagged(args)
    stored = {name: frame[STORED_COLUMNS[name]] for name, frame in tagging.stored().items()}
    if args.events:
        events = find_events(tagging.links, articles, years=tagging.years)  # as corrections find them
        stored["links"] = link_events(stored["links"], events)
        write_table(events, args.events, format_for(args.events))
    if args.quantities:  # ids only, as the other tables: the sentence is in --sentences
        write_table(quantities_table(tagging)[QUANTITY_COLUMNS], args.quantities, format_for(args.quantities))
    targets = {"links": args.out, "mentions": args.mentions, "stages": args.stages, "sentences": args.sentences,
               "years": args.years}
    for name, target in targets.items():
        if name == "links" or target is not None:
            fmt = (args.format or format_for(args.out)) if name == "links" else format_for(target)
            write_table(stored[name], target, fmt)
    return finished(articles.attrs["skipped"], warnings=articles.attrs.get("warnings"))


def _tagged(args: argparse.Namespace):
    from .codebook.tables import load_codebook
    from .coding.tagger import tag_articles

    codebook = load_codebook(args.codebook) if getattr(args, "codebook", None) else None
    articles = load_corpus(args.paths or SEEDS, errors="raise" if args.strict else "skip")
    if articles.empty:
        raise nothing_read(" ".join(map(str, args.paths or [SEEDS])), articles.attrs["skipped"])
    if getattr(args, "near_duplicates", False):
        from .corpus.duplicates import mark_near_duplicates

        articles = mark_near_duplicates(articles)  # republished copies are then not tagged again
        copies = int((articles["duplicate_of"] != "").sum())
        print(f"{copies} of {len(articles)} article(s) are copies of another (duplicate_of)", file=sys.stderr)
    tagging = tag_articles(articles, codebook)
    if getattr(args, "corrections", None):
        tagging = _corrected(articles, tagging, args.corrections, codebook)
    return articles, tagging


def _corrected(articles, tagging, path: Path, codebook):
    """The tagging with the corrections file applied; each one not applied is a line on stderr."""
    import warnings

    from .results.corrections import CorrectionWarning, apply_corrections

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", CorrectionWarning)
        corrected, applied = apply_corrections(tagging, articles, path, codebook)
    for warning in caught:
        if issubclass(warning.category, CorrectionWarning):
            print(f"warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    done = int((applied["status"] == "applied").sum())
    print(f"{done} of {len(applied)} correction(s) applied from {path}", file=sys.stderr)
    return corrected


def _count(text: str) -> int:
    """A command-line count: a whole number, 0 or more (argparse turns the error into one line).

    >>> _count("3")
    3
    >>> _count("-1")
    Traceback (most recent call last):
    ...
    argparse.ArgumentTypeError: '-1' is not a whole number 0 or more
    """
    if not str(text).strip().isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number 0 or more")
    return int(text)


def _check_filter_ids(filters) -> None:
    """A partner or theme the codebook does not know would make an empty report: say so now."""
    from .codebook.tables import load_partners, load_themes

    for kind, values, known in (("partner", filters.partners, load_partners()["partner_id"]),
                                ("theme", filters.themes, load_themes()["theme_id"])):
        lower = {str(k).lower() for k in known}
        unknown = [v for v in values if v.lower() not in lower]
        if unknown:
            raise UsageError(f"--{kind}: no {kind} {', '.join(map(repr, unknown))} in the codebook "
                             f"(ids as in lib/healthdiplomacy/data/{kind}s.csv)")


def _report_command(args: argparse.Namespace) -> int:
    from .report.i18n import LANGUAGES
    from .report.build import build_editions, processed_folder
    from .results.validation import load_gold

    if args.gold:
        load_gold(args.gold)  # a malformed gold file: one line, before any notebook runs
    filters = Filters.parse(since=args.since, until=args.until, partner=args.partner, theme=args.theme,
                            language=args.language, source=args.source)  # (a bad year: one line, now)
    _check_filter_ids(filters)
    if args.corrections:
        from .results.corrections import load_corrections

        load_corrections(args.corrections)  # a malformed file: one line with its line number, now
    figures = args.figures or args.out.parent
    processed = processed_folder(args.processed, figures)
    if not args.corpus.exists():
        raise CorpusError(args.corpus, "no such file or folder")
    load = {}

    def check_what_was_read() -> None:
        # Once the build has coded the corpus (its kernels start meanwhile), before any
        # notebook runs: an unreadable corpus is one line, not a failed notebook cell.
        load.update(load_info(processed))
        if not load.get("loaded"):
            raise nothing_read(args.corpus, load.get("skipped") or [])
        strict_check(load.get("skipped") or [], args.strict)

    langs = LANGUAGES if args.lang == "all" else (args.lang,)
    for path in build_editions(args.corpus, args.out, figures, langs, processed=processed, progress=True,
                               gold=args.gold, prepare=check_what_was_read, filters=filters,
                               profiles=args.profiles, corrections=args.corrections):
        print(f"report written to {path}")
    return finished(load.get("skipped") or [], warnings=load.get("warnings"))


def _data_command(args: argparse.Namespace) -> int:
    from .codebook.tables import load_codebook

    codebook = load_codebook(args.codebook) if args.codebook else None
    coded = coded_corpus(args.corpus, args.out, codebook=codebook, refresh=args.refresh)
    if coded.articles.empty:
        raise nothing_read(args.corpus, coded.articles.attrs.get("skipped", []))
    strict_check(coded.articles.attrs.get("skipped", []), args.strict)
    counts = ", ".join(f"{len(getattr(coded.tagging, name)):,} {name}" for name in ("links", "mentions", "stages"))
    print(f"{'coded' if coded.coded else 'current, not coded again:'} {len(coded.articles):,} articles "
          f"({counts}) in {args.out}")
    return finished(coded.articles.attrs.get("skipped", []), warnings=coded.articles.attrs.get("warnings"))


def _validate_command(args: argparse.Namespace) -> int:
    from .results.validation import load_gold, score_links

    gold = load_gold(args.gold)
    articles, tagging = _tagged(args)
    score = score_links(tagging.links, gold)
    out = sys.stdout
    out.write(score.table().to_string(index=False) + "\n\nCohen's kappa per theme:\n")
    out.write(score.kappa.to_string(index=False) + "\n")
    if len(score.disagreements):
        out.write("\ndisagreements:\n")
        for row in score.disagreements.itertuples():
            out.write(f"  {row.kind}: {row.article_id} {row.partner_id} {row.theme_id}\n")
    out.write(score.summary_line() + "\n")
    return finished(articles.attrs["skipped"], warnings=articles.attrs["warnings"])


def _export_command(args: argparse.Namespace) -> int:
    from .results.outputs import export_tables

    articles, tagging = _tagged(args)
    for path in export_tables(articles, tagging, args.to):
        print(path)
    return finished(articles.attrs["skipped"], warnings=articles.attrs["warnings"])


# --- parser ----------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser, with one sub-command per task.

    >>> build_parser().parse_args(["corpus", "seeds"]).paths
    [PosixPath('seeds')]
    """
    parser = argparse.ArgumentParser(prog="python -m healthdiplomacy", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    corpus = commands.add_parser("corpus", help="list the articles a corpus holds")
    corpus.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                        help="folders, text files or .csv/.jsonl tables (default: the seed articles)")
    corpus.add_argument("--strict", action="store_true", help=STRICT_HELP)
    corpus.set_defaults(run=_corpus_command)

    tag = commands.add_parser("tag", help="tag partners and themes; write one row per link",
                              description="Write the links (--out); the mentions, stages and quoted "
                                          "sentences to their own files if asked. Links, mentions and "
                                          "stages refer to the sentences by sentence_id: write --sentences "
                                          "to read their evidence.")
    tag.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="corpus (default: the seed articles)")
    tag.add_argument("--codebook", type=Path, help="a codebook CSV or folder that extends or overrides the shipped one")
    tag.add_argument("--format", choices=FORMATS, help="output format (default: from --out, else csv)")
    tag.add_argument("--out", type=Path, help="output file (default: standard output)")
    tag.add_argument("--mentions", type=Path, help="also write every place named, with its role, to this file")
    tag.add_argument("--stages", type=Path, help="also write how far each partnership got (stage rows) to this file")
    tag.add_argument("--sentences", type=Path,
                     help="also write every sentence the other tables quote (article_id, sentence_id, text)")
    tag.add_argument("--years", type=Path, help="also write each article's year, and where it was read from")
    tag.add_argument("--strict", action="store_true", help=STRICT_HELP)
    tag.add_argument("--jobs", type=int, default=None, metavar="N",
                     help="worker processes (default: every core; 1: no workers); not used when --corrections, "
                          "--events, --quantities or --near-duplicates tag the corpus in memory")
    tag.add_argument("--chunksize", type=int, default=None, metavar="N",
                     help="articles per task sent to a worker (default 128)")
    tag.add_argument("--corrections", type=Path, metavar="FILE",
                     help="an analyst's corrections (CSV: article_id, partner_id, theme_id, action, value, note, "
                          "analyst, date) applied after coding; the corpus is then tagged in memory")
    tag.add_argument("--events", type=Path, metavar="FILE",
                     help="also group the articles into events and write them to FILE (the links get event_id); "
                          "the corpus is then tagged in memory")
    tag.add_argument("--near-duplicates", action="store_true",
                     help="also treat republished copies (MinHash/LSH, same language) as duplicates: tagged once; "
                          "the corpus is then tagged in memory")
    tag.add_argument("--quantities", type=Path, metavar="FILE",
                     help="also write the doses, tons, beds, money... stated for each link to FILE "
                          "(the corpus is then tagged in memory)")
    tag.set_defaults(run=_tag_command)

    report = commands.add_parser("report", help="run the notebooks and write one self-contained HTML report")
    report.add_argument("--corpus", type=Path, default=SEEDS, help="corpus folder or file (default: seeds/)")
    report.add_argument("--out", type=Path, default=Path("figures/report.html"), help="the HTML file to write")
    report.add_argument("--figures", type=Path, help="where charts and their CSVs go (default: beside --out)")
    report.add_argument("--processed", type=Path,
                        help="where the coded corpus is kept (default: data/processed beside the figures' folder)")
    report.add_argument("--lang", choices=["en", "fa", "all"], default="en",
                        help="the edition: English, Persian (written to OUT with .fa before .html), or both")
    report.add_argument("--gold", type=Path,
                        help="reference labels the trust section scores against (YAML, as tests/data/gold_seeds.yaml; "
                             "default: the seeds' labels)")
    report.add_argument("--corrections", type=Path, metavar="FILE",
                        help="an analyst's corrections (CSV, see `tag --corrections`): applied after coding, "
                             "listed in the report's appendix; the trust section scores the tagger before them")
    report.add_argument("--profiles", type=_count, default=TOP_PROFILES, metavar="N",
                        help="profile the N partners in the most events, each also a page of its own in "
                             "FIGURES/partners/ (default: 10; 0: none)")
    chosen = report.add_argument_group("filters", "what the report counts (the trust section and the appendix "
                                                  "always cover the whole corpus)")
    chosen.add_argument("--since", metavar="YEAR", help="articles of this year and after (published, else read from "
                                                        "the text; undated articles are left out)")
    chosen.add_argument("--until", metavar="YEAR", help="articles up to this year")
    chosen.add_argument("--partner", metavar="IDS", help="only these partners, comma-separated ids: IQ,AF,WHO")
    chosen.add_argument("--theme", metavar="IDS", help="only these themes, comma-separated ids: medicine,covid19")
    chosen.add_argument("--language", metavar="CODES", help="only articles in these languages: fa,en")
    chosen.add_argument("--source", metavar="NAMES", help="only articles from these sources, comma-separated")
    report.add_argument("--strict", action="store_true", help=STRICT_HELP)
    report.set_defaults(run=_report_command)

    data = commands.add_parser("data", help="code a corpus once into processed tables (Parquet) the notebooks read",
                               description="Write articles, links, mentions, stages, sentences and years as "
                                           "Parquet, with a manifest of the corpus, codebook and coder they were "
                                           "made from; nothing is coded again while those are unchanged.")
    data.add_argument("corpus", nargs="?", type=Path, default=SEEDS, help="corpus folder or file (default: seeds/)")
    data.add_argument("--out", type=Path, default=Path("data/processed"), help="the folder (default: data/processed)")
    data.add_argument("--codebook", type=Path, help="a codebook CSV or folder that extends or overrides the shipped one")
    data.add_argument("--refresh", action="store_true", help="code again even when the tables are current")
    data.add_argument("--strict", action="store_true", help=STRICT_HELP)
    data.set_defaults(run=_data_command)

    validate = commands.add_parser("validate", help="score the links against reference labels")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="corpus (default: the seed articles)")
    validate.add_argument("--gold", type=Path, required=True, help="reference labels (YAML, as tests/data/gold_seeds.yaml)")
    validate.add_argument("--codebook", type=Path, help="a codebook CSV or folder that extends the shipped one")
    validate.add_argument("--strict", action="store_true", help=STRICT_HELP)
    validate.set_defaults(run=_validate_command)

    export = commands.add_parser("export", help="write articles, links, mentions and the theme x partner table")
    export.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="corpus (default: the seed articles)")
    export.add_argument("--to", type=Path, required=True, help="FILE.xlsx (one sheet each) or FILE.csv / FILE.parquet")
    export.add_argument("--codebook", type=Path, help="a codebook CSV or folder that extends the shipped one")
    export.add_argument("--near-duplicates", action="store_true",
                        help="mark republished copies in the articles' duplicate_of (MinHash/LSH); tagged once")
    export.add_argument("--corrections", type=Path, metavar="FILE",
                        help="an analyst's corrections (CSV, see `tag --corrections`) applied after coding")
    export.add_argument("--strict", action="store_true", help=STRICT_HELP)
    export.set_defaults(run=_export_command)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except _user_errors() as exc:
        print(f"healthdiplomacy {args.command}: error: {for_terminal(exc)}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `... | head` closed the pipe: not an error
        return 0
