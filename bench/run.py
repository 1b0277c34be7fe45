"""Benchmark `healthdiplomacy tag` against GNU grep and the obvious pandas loop.

Usage: ``python bench/run.py [--articles N] [--million]`` (see bench/README.md).

Builds synthetic corpora of N/10 and N articles (default N = 100,000) in
bench/data/, then measures on the same files: ``cat`` (the disk), GNU
``grep -owF -f terms`` over every match form of the codebook, the ``tag``
command end to end (load + normalize + match + attribution + Parquet output,
default --jobs), and ``Series.str.count(term)`` for every term (on a sample,
extrapolated). Writes bench/results.md: machine, throughput, the goals met or
missed, and where the time goes (per stage, and the top cProfile entries).
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
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
DATA = BENCH / "data"
sys.path.insert(0, str(BENCH))

from measure import Measured, run_measured  # noqa: E402
from synth import write_jsonl  # noqa: E402

import healthdiplomacy  # noqa: E402
from healthdiplomacy.codebook.tables import load_codebook  # noqa: E402
from healthdiplomacy.corpus import iter_corpus  # noqa: E402
from healthdiplomacy.coding.matching import term_keys  # noqa: E402
from healthdiplomacy.pipeline import default_jobs, tag_stream  # noqa: E402
from healthdiplomacy.coding.tagger import codebook_terms  # noqa: E402

MB = 1e6
GOAL_VS_GREP = 0.25
GOAL_VS_PANDAS = 10.0
GOAL_RSS_RATIO = 1.5
GOAL_TIME_RATIO = (9.0, 11.0)
STARTUP_ARTICLES = 8  # tagged one per chunk, so the workers start: the fixed cost of a run


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

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.wall

    @property
    def mb_per_cpu_s(self) -> float:
        return self.bytes / MB / self.cpu if self.cpu else float("nan")


# --- inputs ------------------------------------------------------------------------------


def export_terms(path: Path) -> int:
    """Every match form the tagger searches (what grep gets), one a line, sorted."""
    keys = sorted({key for term in codebook_terms(load_codebook()) for key in term_keys(term)})
    path.write_text("\n".join(keys) + "\n", encoding="utf-8")
    return len(keys)


def corpus(n: int) -> Path:
    started = time.perf_counter()
    path = DATA / f"synthetic-{n}.jsonl"
    existed = path.is_file()
    write_jsonl(path, n)
    if not existed:
        print(f"  built {path.name} ({path.stat().st_size / MB:,.0f} MB) in {time.perf_counter() - started:.0f} s")
    return path


# --- the tools ---------------------------------------------------------------------------


def run_cat(path: Path, n: int) -> Row:
    m = checked(run_measured(["cat", str(path)], stdout_path=os.devnull))
    return row("cat", n, path, m)


def run_grep(path: Path, n: int, terms: Path) -> Row:
    # A pipe to wc: GNU grep stops at the first match when its output is /dev/null.
    env = {**os.environ, "LC_ALL": "C.UTF-8"}  # -w must see Persian letters as word characters
    m = checked(run_measured(["sh", "-c", f"grep -owF -f '{terms}' '{path}' | wc -l"], env=env))
    return row("grep -owF", n, path, m, note=f"{int(m.stdout.strip()):,} matches")


def run_tag(path: Path, n: int, jobs: int | None, *options: str) -> Row:
    out = DATA / f"links-{n}.parquet"
    command = [sys.executable, "-m", "healthdiplomacy", "tag", str(path), "--out", str(out), *options]
    if jobs:
        command += ["--jobs", str(jobs)]
    env = {key: value for key, value in os.environ.items() if key != "CI"}
    m = checked(run_measured(command, cwd=REPO, env=env))
    return row("healthdiplomacy tag", n, path, m, note=f"{parquet_rows(out):,} links")


def run_pandas(path: Path, n: int, terms: Path, sample: int) -> Row:
    m = checked(run_measured([sys.executable, str(BENCH / "pandas_loop.py"), str(path), str(terms),
                              "--articles", str(min(sample, n))]))
    result = json.loads(m.stdout)
    size = path.stat().st_size
    wall = result["seconds"] * size / result["bytes"]  # counting only, scaled to the whole file
    note = (f"measured on {result['articles']:,} articles ({result['seconds']:.1f} s), "
            f"extrapolated x{size / result['bytes']:.0f}" if result["articles"] < n else "")
    return Row("pandas str.count loop", n, size, wall, wall, m.peak_tree_rss, m.max_process_rss, note)


def checked(m: Measured) -> Measured:
    if m.returncode != 0:
        raise SystemExit(f"benchmark command failed ({m.returncode}):\n{m.stderr[-2000:]}")
    return m


def row(tool: str, n: int, path: Path, m: Measured, note: str = "") -> Row:
    return Row(tool, n, path.stat().st_size, m.wall, m.cpu, m.peak_tree_rss, m.max_process_rss, note)


def parquet_rows(path: Path) -> int:
    import pyarrow.parquet as pq
    return pq.ParquetFile(path).metadata.num_rows


# --- where the time goes -----------------------------------------------------------------


def stages(path: Path, articles: int) -> dict[str, float]:
    """CPU microseconds per article for each stage, in this process (jobs=1)."""
    from healthdiplomacy.text.language import detect_language
    from healthdiplomacy.pipeline import tag_chunk_columns
    from healthdiplomacy.results.outputs import TableSink, render
    from healthdiplomacy.coding.tagger import LINK_COLUMNS, article_fields, default_tagger

    rows = []
    started = time.process_time()
    for article in iter_corpus(path):
        rows.append(article)
        if len(rows) == articles:
            break
    load = time.process_time() - started
    started = time.process_time()
    for article in rows:
        detect_language(article["title"] + "\n" + article["text"])
    language = time.process_time() - started
    chunk = [article_fields(r) for r in rows if not r["duplicate_of"]]
    started = time.process_time()
    _, columns, _ = tag_chunk_columns(default_tagger(), chunk, with_mentions=False)
    tag = time.process_time() - started
    started = time.process_time()
    rendered = render(columns, LINK_COLUMNS, "parquet")
    convert = time.process_time() - started
    started = time.process_time()
    with TableSink(DATA / "stage-links.parquet", "parquet", LINK_COLUMNS) as sink:
        sink.write_rendered(rendered)
    write = time.process_time() - started
    per = 1e6 / len(rows)
    return {"load (iter_corpus: read, parse, clean, language, source, hash)": load * per,
            "... of which language detection (detect_language)": language * per,
            "tag (Tagger.tag: sentences, normalize, match, attribute, rows)": tag * per,
            "rows to Arrow (in the workers)": convert * per,
            "write Parquet": write * per}


def profile(path: Path, articles: int, top: int = 20) -> str:
    """The top cProfile entries (by own time) of loading and tagging ``articles`` articles."""
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
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("tottime").print_stats(top)
    lines = [line for line in out.getvalue().splitlines() if line.strip()]
    start = next(i for i, line in enumerate(lines) if line.lstrip().startswith("ncalls"))
    return "\n".join(line.replace(str(REPO) + "/", "").replace(sys.prefix, "<venv>")
                     for line in lines[start:])


# --- the report --------------------------------------------------------------------------


def machine() -> list[tuple[str, str]]:
    import ahocorasick
    import pandas
    import pyarrow

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "?")
    memory = next((int(line.split()[1]) * 1024 for line in Path("/proc/meminfo").read_text().splitlines()
                   if line.startswith("MemTotal")), 0)
    grep = subprocess.run(["grep", "--version"], capture_output=True, text=True).stdout.splitlines()[0]
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=REPO, capture_output=True, text=True).stdout
    return [("cores", f"{os.cpu_count()} ({default_jobs()} usable; tag ran with the default --jobs)"),
            ("CPU", model), ("memory", f"{memory / 2**30:.0f} GiB"),
            ("date", datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")),
            ("Python", platform.python_version()), ("healthdiplomacy", f"{healthdiplomacy.__version__} "
             f"(git {commit}{', uncommitted changes' if dirty.strip() else ''})"),
            ("pandas", pandas.__version__), ("pyarrow", pyarrow.__version__),
            ("pyahocorasick", getattr(ahocorasick, "__version__", "2.x")), ("grep", grep),
            ("load average", "{:.2f} {:.2f} {:.2f} (1, 5, 15 min) at the start".format(*os.getloadavg()))]


def goal_lines(rows: list[Row], sizes: list[int], startup: Row) -> list[tuple[str, str, str, str]]:
    by = {(r.tool, r.articles): r for r in rows}
    big, small = sizes[-1], sizes[0]
    tag, grep, pandas = by["healthdiplomacy tag", big], by["grep -owF", big], by["pandas str.count loop", big]
    lines = []
    ratio = tag.mb_per_s / grep.mb_per_s
    lines.append((f"tag vs grep, MB/s ({big:,} articles)", f"{ratio:.2f}x", f">= {GOAL_VS_GREP}x",
                  verdict(ratio >= GOAL_VS_GREP, f"missed by {GOAL_VS_GREP / ratio:.1f}x")))
    ratio = tag.mb_per_cpu_s / grep.mb_per_cpu_s
    lines.append((f"tag vs grep, MB per CPU second ({big:,} articles; for reference)", f"{ratio:.2f}x",
                  f"({GOAL_VS_GREP}x x cores: {GOAL_VS_GREP * default_jobs():.2f}x)",
                  "(reference)"))
    ratio = tag.mb_per_s / pandas.mb_per_s
    lines.append((f"tag vs pandas loop, MB/s ({big:,} articles)", f"{ratio:.0f}x", f">= {GOAL_VS_PANDAS:.0f}x",
                  verdict(ratio >= GOAL_VS_PANDAS, f"missed by {GOAL_VS_PANDAS / ratio:.1f}x")))
    if small != big:
        t_small, t_big = by["healthdiplomacy tag", small], tag
        ratio = t_big.tree_rss / t_small.tree_rss
        lines.append((f"peak RSS {big:,} / {small:,} articles (whole process tree)", f"{ratio:.2f}x",
                      f"<= {GOAL_RSS_RATIO}x", verdict(ratio <= GOAL_RSS_RATIO, f"missed: {ratio:.2f}x")))
        raw = t_big.wall / t_small.wall
        marginal = (t_big.wall - startup.wall) / max(t_small.wall - startup.wall, 1e-9)
        cpu = (t_big.cpu - startup.cpu) / max(t_small.cpu - startup.cpu, 1e-9)
        low, high = GOAL_TIME_RATIO
        lines.append((f"time {big:,} / {small:,} articles (wall; wall minus the {startup.wall:.1f} s fixed cost "
                      f"of a run; CPU minus its fixed {startup.cpu:.1f} s)", f"{raw:.1f}x; {marginal:.1f}x; {cpu:.1f}x",
                      f"{low:.0f}x-{high:.0f}x", verdict(low <= marginal <= high,
                                                       f"missed: {marginal:.1f}x (wall)")))
    return lines


def verdict(ok: bool, otherwise: str) -> str:
    return "met" if ok else otherwise


def write_results(path: Path, info, corpora, rows, goals, stage_costs, profile_text, args, startup) -> None:
    out = ["# Benchmark results", "",
           "Written by `python bench/run.py" + (f" --articles {args.articles}" if args.articles else "")
           + (" --million" if args.million else "") + (f" --repeat {args.repeat}" if args.repeat > 1 else "")
           + "`; see bench/README.md. Figures vary from run to run (a shared machine: the same work can take "
           "30% longer from one minute to the next); the layout does not."
           + (f" Each figure is the fastest of {args.repeat} runs." if args.repeat > 1 else ""), "", "## Machine", "",
           "| | |", "|---|---|"]
    out += [f"| {k} | {v} |" for k, v in info]
    out += ["", "## Corpora", "", "Synthetic: seed sentences recombined (bench/synth.py); ~1% exact duplicates.", "",
            "| articles | file | MB |", "|---:|---|---:|"]
    out += [f"| {n:,} | {p.name} | {p.stat().st_size / MB:,.1f} |" for n, p in corpora]
    out += ["", "## Throughput", "",
            "| articles | tool | wall s | CPU s | MB/s | MB per CPU s | articles/s | peak RSS, tree MB "
            "| max process RSS MB | note |",
            "|---:|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        out.append(f"| {r.articles:,} | {r.tool} | {r.wall:,.1f} | {r.cpu:,.1f} | {r.mb_per_s:,.2f} | "
                   f"{r.mb_per_cpu_s:,.2f} | {r.articles_per_s:,.0f} | {r.tree_rss / MB:,.0f} | "
                   f"{r.process_rss / MB:,.0f} | {r.note} |")
    out += ["", f"Fixed cost of a run (`tag` on {STARTUP_ARTICLES} articles, one a chunk: start-up, imports, "
            f"codebook, workers): {startup.wall:.1f} s wall.", "",
            "CPU s counts the process and its workers (sampled from /proc). MB per CPU s is the "
            "throughput a quiet core would give; on a busy machine wall-clock MB/s understates a run that "
            "needs every core (tag) more than a single-threaded one (grep). grep sees raw text (no normalization, no case folding, "
            "no Persian suffixes or joined forms, no attribution); pandas counts raw text per term, nothing more.",
            "", "## Goals", "", "| goal | measured | target | status |", "|---|---|---|---|"]
    out += [f"| {a} | {b} | {c} | {d} |" for a, b, c, d in goals]
    out += ["", "## Where the time goes", "",
            f"CPU per article by stage, one process, first {args.profile_articles:,} articles of the "
            f"{corpora[0][0]:,} corpus:", "", "| stage | CPU µs / article |", "|---|---:|"]
    out += [f"| {k} | {v:,.0f} |" for k, v in stage_costs.items()]
    out += ["", f"Top entries by own time (cProfile; load + tag of {args.profile_articles:,} articles; "
            "profiling inflates call-heavy code):", "", "```", profile_text, "```", ""]
    path.write_text("\n".join(out), encoding="utf-8")


# --- main --------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000,
                        help="largest corpus (default 100000); N/10 is measured too, for the scaling goals")
    parser.add_argument("--million", action="store_true", help="also build and tag a 1,000,000-article JSONL")
    parser.add_argument("--jobs", type=int, help="--jobs for tag (default: the command's default, every core)")
    parser.add_argument("--pandas-articles", type=int, default=1000,
                        help="articles the pandas loop really counts (then extrapolated; default 1000)")
    parser.add_argument("--profile-articles", type=int, default=2000, help="articles profiled (default 2000)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run each measurement this many times and keep the fastest (default 1)")
    parser.add_argument("--out", type=Path, default=BENCH / "results.md")
    args = parser.parse_args(argv)

    sizes = sorted({max(args.articles // 10, 1), args.articles} | ({1_000_000} if args.million else set()))
    DATA.mkdir(exist_ok=True)
    info = machine()
    terms = DATA / "terms.txt"
    print(f"{export_terms(terms):,} match forms -> {terms.relative_to(REPO)}")
    corpora = [(n, corpus(n)) for n in sizes]
    startup = min((run_tag(corpus(STARTUP_ARTICLES), STARTUP_ARTICLES, args.jobs, "--chunksize", "1")
                   for _ in range(max(args.repeat, 1))), key=lambda r: r.wall)
    rows: list[Row] = []
    for n, path in corpora:
        for measure in (lambda: run_cat(path, n), lambda: run_grep(path, n, terms),
                        lambda: run_tag(path, n, args.jobs),
                        lambda: run_pandas(path, n, terms, args.pandas_articles)):
            result = min((measure() for _ in range(max(args.repeat, 1))), key=lambda r: r.wall)
            rows.append(result)
            print(f"{n:>9,} {result.tool:<22} {result.wall:8.1f} s {result.mb_per_s:9.2f} MB/s "
                  f"{result.tree_rss / MB:7.0f} MB  {result.note}")
    goals = goal_lines(rows, sizes[:2] if args.million and len(sizes) > 2 else sizes, startup)
    for goal in goals:
        print(" | ".join(goal))
    stage_costs = stages(corpora[0][1], args.profile_articles)
    profile_text = profile(corpora[0][1], args.profile_articles)
    write_results(args.out, info, corpora, rows, goals, stage_costs, profile_text, args, startup)
    print(f"-> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
