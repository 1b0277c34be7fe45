"""Benchmark `healthdiplomacy tag` and `make report`, with the floors beside them.

Usage: ``python bench/run.py [--mb 100] [--scaling 10000,100000] [--baseline COMMIT]`` (see bench/README.md).

On one synthetic corpus of about ``--mb`` MB (bench/synth.py), in one run: ``cat``
(the disk), ``grep -owF -f terms > file`` over every match form of the codebook,
a bare pyahocorasick loop (bench/aho_loop.py: the floor of a Python tagger), and
``tag`` with ``--jobs 1`` and ``--jobs 2`` writing every table it can (links,
mentions, stages, sentences, years, as CSV), in MB/s, with the size of what it
wrote against the size of the corpus text. Then ``tag`` on the ``--scaling``
corpora (peak memory must not grow with the corpus), and the report: ``make
report``'s command on the seeds and on 500 articles, with the processed tables
absent and present, and, with ``--baseline``, the same for an older commit (a git
worktree in bench/data/). Writes bench/results.md.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime
import io
import json
import os
import platform
import pstats
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
sys.path.insert(0, str(BENCH))

from measure import Measured, run_measured  # noqa: E402
from synth import write_jsonl  # noqa: E402

import healthdiplomacy  # noqa: E402
from healthdiplomacy.codebook.tables import load_codebook  # noqa: E402
from healthdiplomacy.coding.matching import term_keys  # noqa: E402
from healthdiplomacy.coding.tagger import codebook_terms  # noqa: E402
from healthdiplomacy.corpus import SEEDS, iter_corpus  # noqa: E402
from healthdiplomacy.pipeline import TABLES, default_jobs, tag_stream  # noqa: E402

MB = 1e6
GOAL_VS_GREP = 0.12  # tag --jobs 2 against grep, MB/s (the long-run goal is 0.25x)
GOAL_OUTPUT_RATIO = 2.0  # what one tag run writes, against the corpus text
GOAL_RSS_RATIO = 1.5  # peak RSS, largest scaling corpus against the smallest
GOAL_REPORT_RATIO = 0.5  # make report on the seeds, against the baseline commit
GOAL_REPORT_MB = 5.0  # the English report on the largest report corpus
GOAL_OPEN_S = 2.0  # ... opened in a browser
AVERAGE_ARTICLE_BYTES = 4000  # of the synthetic corpus, for --mb


@dataclass
class Row:
    """One tool on one corpus."""

    tool: str
    articles: int
    bytes: int
    wall: float
    cpu: float
    tree_rss: int
    process_rss: int
    note: str = ""

    @property
    def mb_per_s(self) -> float:
        return self.bytes / MB / self.wall


# --- inputs ------------------------------------------------------------------------------


def export_terms(path: Path) -> int:
    """Every match form the tagger searches (what grep and the bare loop get), one a line, sorted."""
    keys = sorted({key for term in codebook_terms(load_codebook()) for key in term_keys(term)})
    path.write_text("\n".join(keys) + "\n", encoding="utf-8")
    return len(keys)


def corpus(n: int) -> Path:
    path = DATA / f"synthetic-{n}.jsonl"
    if not path.is_file():
        started = time.perf_counter()
        write_jsonl(path, n)
        print(f"  built {path.name} ({path.stat().st_size / MB:,.0f} MB) in {time.perf_counter() - started:.0f} s")
    return path


def text_bytes(path: Path) -> int:
    """UTF-8 bytes of the titles and texts: the corpus text the output is compared with."""
    with path.open(encoding="utf-8") as handle:
        return sum(len((r.get("title") or "").encode()) + len((r.get("text") or "").encode())
                   for r in map(json.loads, handle))


# --- the tools ---------------------------------------------------------------------------


def checked(m: Measured) -> Measured:
    if m.returncode != 0:
        raise SystemExit(f"benchmark command failed ({m.returncode}):\n{m.stderr[-2000:]}")
    return m


def row(tool: str, n: int, path: Path, m: Measured, note: str = "") -> Row:
    return Row(tool, n, path.stat().st_size, m.wall, m.cpu, m.peak_tree_rss, m.max_process_rss, note)


def run_cat(path: Path, n: int) -> Row:
    return row("cat", n, path, checked(run_measured(["cat", str(path)], stdout_path=os.devnull)))


def run_grep(path: Path, n: int, terms: Path) -> Row:
    out = DATA / "grep.out"
    env = {**os.environ, "LC_ALL": "C.UTF-8"}  # -w must see Persian letters as word characters
    m = checked(run_measured(["grep", "-owF", "-f", str(terms), str(path)], env=env, stdout_path=out))
    with out.open("rb") as handle:
        matches = sum(1 for _ in handle)
    return row("grep -owF -f terms > file", n, path, m, note=f"{matches:,} matches")


def run_aho(path: Path, n: int, terms: Path) -> Row:
    m = checked(run_measured([sys.executable, str(BENCH / "aho_loop.py"), str(path), str(terms)]))
    return row("bare pyahocorasick loop", n, path, m, note=f"{json.loads(m.stdout)['matches']:,} matches")


def run_tag(path: Path, n: int, jobs: int, fmt: str = "csv") -> tuple[Row, dict[str, int]]:
    """``tag`` writing every table; returns the row and the bytes of each table written."""
    outputs = {name: DATA / f"tag-{n}-{jobs}.{name}.{fmt}" for name in TABLES}
    command = [sys.executable, "-m", "healthdiplomacy", "tag", str(path), "--jobs", str(jobs),
               "--out", str(outputs["links"])]
    command += [arg for name in ("mentions", "stages", "sentences", "years")
                for arg in (f"--{name}", str(outputs[name]))]
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    m = checked(run_measured(command, cwd=REPO, env=env))
    sizes = {name: out.stat().st_size for name, out in outputs.items()}
    for out in outputs.values():
        out.unlink()
    return row(f"tag --jobs {jobs} ({fmt})", n, path, m, note=f"wrote {sum(sizes.values()) / MB:,.1f} MB"), sizes


def run_report(corpus_path: Path, label: str, processed: Path, keep: bool, lib: Path | None = None) -> Row:
    """``make report``'s command on ``corpus_path`` into bench/data; ``keep`` leaves the processed
    tables in place (else they are removed first); ``lib`` runs another checkout's package."""
    out = DATA / "report" / label
    shutil.rmtree(out, ignore_errors=True)
    if not keep:
        shutil.rmtree(processed, ignore_errors=True)
    command = [sys.executable, "-m", "healthdiplomacy", "report", "--corpus", str(corpus_path), "--lang", "all",
               "--out", str(out / "report.html")]
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    if lib is not None:
        env["PYTHONPATH"] = str(lib)  # ahead of the editable install: the older package and its notebooks
    else:
        command += ["--processed", str(processed)]
    m = checked(run_measured(command, cwd=REPO, env=env))
    size = sum(p.stat().st_size for p in out.glob("report*.html"))
    return Row(f"report, {label}", 0, size, m.wall, m.cpu, m.peak_tree_rss, m.max_process_rss,
               note=f"HTML {size / MB:.1f} MB")


def median_run(runs: list[Row]) -> Row:
    """The run of median wall time among ``runs`` (the slower of the two middle ones for an
    even count), its note listing every run's wall time when there were several.

    >>> rows = [Row("r", 0, 1, wall, wall, 1, 1, note="HTML 1.0 MB") for wall in (9.0, 7.0, 8.0)]
    >>> median_run(rows).wall, median_run(rows).note
    (8.0, 'HTML 1.0 MB; median of 3 runs: 7.0, 8.0, 9.0 s')
    """
    ordered = sorted(runs, key=lambda r: r.wall)
    middle = ordered[len(ordered) // 2]
    if len(runs) == 1:
        return middle
    walls = ", ".join(f"{r.wall:.1f}" for r in ordered)
    return replace(middle, note=f"{middle.note}; median of {len(runs)} runs: {walls} s")


def open_seconds(page: Path) -> float | None:
    """Seconds headless Chromium takes to load ``page`` (to its load event), or None without
    chromium and chromedriver (as tests/test_browser.py finds them)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None or not Path("/usr/bin/chromedriver").exists() or not page.exists():
        return None
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for option in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,800"):
        options.add_argument(option)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    try:
        driver.get("about:blank")
        started = time.monotonic()
        driver.get(page.as_uri())  # returns once the page has loaded
        return time.monotonic() - started
    finally:
        driver.quit()


def baseline_checkout(commit: str) -> Path:
    """A worktree of ``commit`` in bench/data/baseline (its lib/ is run with this .venv)."""
    where = DATA / "baseline"
    if where.exists():
        subprocess.run(["git", "worktree", "remove", "--force", str(where)], cwd=REPO, capture_output=True)
        shutil.rmtree(where, ignore_errors=True)
    subprocess.run(["git", "worktree", "add", "--detach", str(where), commit], cwd=REPO, check=True,
                   capture_output=True)
    return where


# --- where the time goes -----------------------------------------------------------------


def stages(path: Path, articles: int) -> dict[str, float]:
    """CPU microseconds per article for each step, in this process (jobs=1)."""
    from healthdiplomacy.coding.tagger import Tagger, article_fields, default_tagger
    from healthdiplomacy.pipeline import tag_chunk_columns
    from healthdiplomacy.results.outputs import render

    rows = []
    started = time.process_time()
    for article in iter_corpus(path):
        rows.append(article)
        if len(rows) == articles:
            break
    load = time.process_time() - started
    chunk = [article_fields(r) for r in rows if not r["duplicate_of"]]
    tagger = default_tagger()
    started = time.process_time()
    for fields in chunk:
        tagger.code(*fields)
    code = time.process_time() - started
    # The synthetic corpus recombines a few hundred seed sentences, so nearly every sentence is
    # a repeat; real news repeats few, and `tag` keeps no sentence cache (SENTENCE_CACHE). What a
    # cache would save on a corpus as repetitive as this one is timed apart.
    cached = Tagger(tagger.codebook, sentence_cache=4096)
    started = time.process_time()
    for fields in chunk:
        cached.code(*fields)
    code_cached = time.process_time() - started
    # tag_chunk_columns codes the chunk again: its coding is timed apart, so "rows to columns"
    # is the rest.
    started = time.process_time()
    for fields in chunk:
        tagger.code(*fields)
    code_again = time.process_time() - started
    started = time.process_time()
    _, columns = tag_chunk_columns(tagger, chunk)
    columns_time = time.process_time() - started - code_again
    started = time.process_time()
    for name, values in columns.items():
        render(values, TABLES[name], "csv")
    write = time.process_time() - started
    per = 1e6 / len(rows)
    return {"load (iter_corpus: read, parse, clean, language, source, hash)": load * per,
            "code (Tagger.code: split, normalize, match, relate, attribute, stages, year, rows)": code * per,
            "code with a sentence cache (Tagger(sentence_cache=4096): what a corpus that repeats "
            "sentences as this one does may save; `tag` keeps none)": code_cached * per,
            "rows to columns (sort, pick the stored columns)": max(columns_time, 0) * per,
            "render CSV (all five tables)": write * per}


def profile(path: Path, articles: int, top: int = 25) -> str:
    """The top cProfile entries (by own time) of loading and coding ``articles`` articles."""
    def work():
        rows = []
        for article in iter_corpus(path):
            rows.append(article)
            if len(rows) == articles:
                break
        for _ in tag_stream(rows, jobs=1):
            pass

    profiler = cProfile.Profile()
    profiler.runcall(work)
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(line.replace(str(REPO) + "/", "").replace(sys.prefix, "<venv>") for line in lines[start:])


# --- the results -------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    import pandas
    import pyarrow

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    grep = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO,
                           capture_output=True, text=True).stdout
    return [("cores", f"{os.cpu_count()} ({default_jobs()} usable)"), ("CPU", model),
            ("memory", f"{memory / 2**30:.0f} GiB"),
            ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
            ("Python", platform.python_version()),
            ("healthdiplomacy", f"{healthdiplomacy.__version__} (git {commit}"
                                f"{', uncommitted changes' if dirty.strip() else ''})"),
            ("pandas", pandas.__version__), ("pyarrow", pyarrow.__version__), ("grep", grep),
            ("load average", "{:.2f} {:.2f} {:.2f} (1, 5, 15 min) at the start".format(*os.getloadavg()))]


def table(rows: list[Row], with_articles: bool = True) -> list[str]:
    out = ["| articles | tool | wall s | CPU s | MB/s | peak RSS, tree MB | max process RSS MB | note |",
           "|---:|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r.articles:,} | {r.tool} | {r.wall:,.1f} | {r.cpu:,.1f} | "
                   f"{r.mb_per_s:,.2f} | {r.tree_rss / MB:,.0f} | {r.process_rss / MB:,.0f} | {r.note} |")
    return out


def verdict(ok: bool, otherwise: str) -> str:
    return "met" if ok else otherwise


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=100, help="size of the main corpus in MB (default 100)")
    parser.add_argument("--scaling", default="10000,100000",
                        help="corpus sizes (articles) for the memory goal; empty to skip (default 10000,100000)")
    parser.add_argument("--report-articles", default="500,5000",
                        help="the larger report corpora, comma-separated (default 500,5000)")
    parser.add_argument("--baseline", help="a commit whose `make report` to time in the same run (e.g. 87124bb)")
    parser.add_argument("--repeats", type=int, default=3,
                        help="with --baseline: runs of the seeds report and the baseline's, in turns; each keeps its "
                             "median (default 3)")
    parser.add_argument("--profile-articles", type=int, default=2000, help="articles profiled (default 2000)")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    args = parser.parse_args(argv)

    DATA.mkdir(exist_ok=True)
    info = machine()
    terms = DATA / "terms.txt"
    print(f"{export_terms(terms):,} match forms -> {terms.relative_to(REPO)}")
    n = max(int(args.mb * MB / AVERAGE_ARTICLE_BYTES), 1)
    main_corpus = corpus(n)
    corpus_text = text_bytes(main_corpus)

    # 1. Throughput on one corpus, in one run.
    rows = [run_cat(main_corpus, n), run_grep(main_corpus, n, terms), run_aho(main_corpus, n, terms)]
    tag_rows, sizes = [], {}
    for jobs in (1, 2):
        tagged, sizes = run_tag(main_corpus, n, jobs)
        tag_rows.append(tagged)
    rows += tag_rows
    for r in rows:
        print(f"{r.articles:>9,} {r.tool:<28} {r.wall:8.1f} s {r.mb_per_s:9.2f} MB/s {r.tree_rss / MB:7.0f} MB  {r.note}")

    # 2. Memory against corpus size.
    scaling = [run_tag(corpus(k), k, 2, "parquet")[0] for k in map(int, filter(None, args.scaling.split(",")))]
    for r in scaling:
        print(f"{r.articles:>9,} {r.tool:<28} {r.wall:8.1f} s {r.mb_per_s:9.2f} MB/s {r.tree_rss / MB:7.0f} MB")

    # 3. The report: the seeds and the larger corpora, each coded now and then re-rendered from
    # the processed tables; the baseline commit on the seeds and the first larger corpus.
    sizes_asked = [int(k) for k in str(args.report_articles).split(",") if k.strip()]
    corpora = [("seeds", SEEDS)]
    for k in sizes_asked:
        write_jsonl(DATA / f"synthetic-{k}.jsonl", k)
        corpora.append((f"{k} articles", DATA / f"synthetic-{k}.jsonl"))
    processed = DATA / "processed"
    report_rows = []
    lib = baseline_checkout(args.baseline) / "lib" if args.baseline else None
    for number, (label, path) in enumerate(corpora):
        # On the seeds, the goal's pair runs in turns, --repeats times, and each keeps its median
        # run: a shared machine's speed drifts over a minute, and one run of each can land on
        # either side of a drift.
        rounds = max(1, args.repeats) if number == 0 and lib is not None else 1
        now, old = [], []
        for _ in range(rounds):
            now.append(run_report(path, f"{label}, coded now", processed, keep=False))
            if lib is not None and number < 2:
                # (keep: the baseline reads no processed tables, and must not delete this run's)
                old.append(run_report(path, f"{label}, baseline {args.baseline}", processed, keep=True, lib=lib))
        report_rows.append(median_run(now))
        report_rows.append(run_report(path, f"{label}, processed tables present", processed, keep=True))
        if old:
            report_rows.append(median_run(old))
    for r in report_rows:
        print(f"{r.tool:<50} {r.wall:8.1f} s  {r.note}")

    # Goals.
    by = {r.tool: r for r in rows}
    grep, two = by["grep -owF -f terms > file"], by["tag --jobs 2 (csv)"]
    ratio = two.mb_per_s / grep.mb_per_s
    written = sum(sizes.values())
    goals = [("tag --jobs 2 against grep, MB/s", f"{ratio:.3f}x", f">= {GOAL_VS_GREP}x",
              verdict(ratio >= GOAL_VS_GREP, f"missed by {GOAL_VS_GREP / ratio:.1f}x")),
             ("tables one tag run writes (CSV) against the corpus text", f"{written / corpus_text:.2f}x",
              f"<= {GOAL_OUTPUT_RATIO}x", verdict(written / corpus_text <= GOAL_OUTPUT_RATIO,
                                                  f"missed: {written / corpus_text:.2f}x"))]
    if len(scaling) >= 2:
        rss = scaling[-1].tree_rss / scaling[0].tree_rss
        goals.append((f"peak RSS, {scaling[-1].articles:,} against {scaling[0].articles:,} articles",
                      f"{rss:.2f}x", f"<= {GOAL_RSS_RATIO}x", verdict(rss <= GOAL_RSS_RATIO, f"missed: {rss:.2f}x")))
    if args.baseline:
        now = next(r for r in report_rows if r.tool == "report, seeds, coded now")
        old = next(r for r in report_rows if r.tool == f"report, seeds, baseline {args.baseline}")
        goals.append((f"make report on the seeds against {args.baseline}", f"{now.wall / old.wall:.2f}x",
                      f"<= {GOAL_REPORT_RATIO}x", verdict(now.wall / old.wall <= GOAL_REPORT_RATIO,
                                                          f"missed: {now.wall / old.wall:.2f}x")))
    largest = next((r for r in reversed(report_rows) if r.tool.endswith("coded now")), None)
    if largest is not None and sizes_asked:
        english = DATA / "report" / largest.tool.removeprefix("report, ") / "report.html"
        size = english.stat().st_size / MB if english.exists() else float("nan")
        goals.append((f"the English report at {max(sizes_asked):,} articles, MB", f"{size:.1f}",
                      f"<= {GOAL_REPORT_MB}", verdict(size <= GOAL_REPORT_MB, f"missed: {size:.1f} MB")))
        opened = open_seconds(english)
        if opened is not None:
            goals.append(("it opens in headless Chromium (load event), s", f"{opened:.2f}", f"<= {GOAL_OPEN_S}",
                          verdict(opened <= GOAL_OPEN_S, f"missed: {opened:.2f} s")))
    for goal in goals:
        print(" | ".join(goal))

    stage_costs = stages(main_corpus, args.profile_articles)
    profile_text = profile(main_corpus, args.profile_articles)
    out = ["# Benchmark results", "",
           f"Written by `python bench/run.py {' '.join(argv or sys.argv[1:])}`; see bench/README.md. Figures vary "
           "from run to run on a shared machine; the layout does not.", "", "## Machine", "", "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info]
    out += ["", "## Throughput, one corpus, one run", "",
            f"`{main_corpus.name}`: {n:,} synthetic articles (bench/synth.py: seed sentences recombined, ~1% "
            f"exact duplicates), {main_corpus.stat().st_size / MB:,.1f} MB of JSONL, {corpus_text / MB:,.1f} MB "
            "of title and text.", ""]
    out += table(rows)
    out += ["", "grep and the bare loop see the raw text: no normalization, no case folding, no Persian "
            "suffixes or joined forms, no relation step, no attribution, no rows. `tag` writes links, "
            "mentions, stages, sentences and years (CSV). The synthetic articles recombine a few hundred "
            "seed sentences; `tag` codes every sentence afresh, as it must on real news, where few sentences "
            "repeat (a sentence cache made that about 20% slower). What a cache would save on this corpus: "
            "see the code step with a sentence cache under \"Where the time goes\".", "",
            "| table | MB | against the corpus text |", "|---|---:|---:|"]
    out += [f"| {name} | {size / MB:,.2f} | {size / corpus_text:.2f}x |" for name, size in sizes.items()]
    out += [f"| all | {written / MB:,.2f} | {written / corpus_text:.2f}x |", "",
            "## Memory against corpus size (tag --jobs 2, Parquet)", ""]
    out += table(scaling) if scaling else ["(skipped)"]
    out += ["", "## The report (`healthdiplomacy report --lang all`: both editions)", "",
            "| run | wall s | CPU s | peak RSS, tree MB | note |", "|---|---:|---:|---:|---|"]
    out += [f"| {r.tool} | {r.wall:,.1f} | {r.cpu:,.1f} | {r.tree_rss / MB:,.0f} | {r.note} |" for r in report_rows]
    out += ["", "## Goals", "", "| goal | measured | target | status |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in goals]
    out += ["", "## Where the time goes", "",
            f"CPU per article by step, one process, first {args.profile_articles:,} articles:", "",
            "| step | CPU µs / article |", "|---|---:|"]
    out += [f"| {k} | {v:,.0f} |" for k, v in stage_costs.items()]
    out += ["", f"Top entries by own time (cProfile; load and code {args.profile_articles:,} articles; "
            "profiling inflates call-heavy code):", "", "```", profile_text, "```", ""]
    # bench/duplicates.py keeps its own section in the same file: carried over, not lost.
    from duplicates import BEGIN, END
    previous = args.out.read_text(encoding="utf-8") if args.out.is_file() else ""
    kept = re.search(re.escape(BEGIN) + ".*?" + re.escape(END), previous, re.S)
    if kept:
        out += [kept.group(0), ""]
    args.out.write_text("\n".join(out), encoding="utf-8")
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
