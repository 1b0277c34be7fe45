"""Snapshot what the coder produces, and compare two snapshots row by row.

A restructuring must change no result; an accuracy change must change only what
it means to. This tool makes both checkable: it codes the seeds (and
``../shared/realtext`` when it is beside the checkout) and writes links,
mentions and stages as sorted CSV into a folder; ``--against`` then lists every
row that one snapshot has and the other lacks.

    .venv/bin/python tools/compare_outputs.py snapshot /tmp/before
    # ... change the code ...
    .venv/bin/python tools/compare_outputs.py snapshot /tmp/after --against /tmp/before

Exit status: 0 when the snapshots are identical (or no ``--against``), 1 when
they differ, 2 on bad input.
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REALTEXT = REPO.parent / "shared" / "realtext" / "articles"
TABLES = ("links", "mentions", "stages")


def corpora(realtext: Path = REALTEXT) -> dict[str, Path]:
    """The corpora a snapshot covers: the seeds, and the real-text set where present."""
    found = {"seeds": REPO / "seeds"}
    if realtext.is_dir():
        found["realtext"] = realtext
    return found


def snapshot(folder: Path, realtext: Path = REALTEXT) -> None:
    import healthdiplomacy as hd

    folder.mkdir(parents=True, exist_ok=True)
    for name, path in corpora(realtext).items():
        tagging = hd.tag_articles(hd.load_corpus(path, errors="skip"))
        for table in TABLES:
            frame = getattr(tagging, table)
            frame = frame.astype(str).sort_values(list(frame.columns)).reset_index(drop=True)
            frame.to_csv(folder / f"{name}.{table}.csv", index=False, lineterminator="\n")


def rows(path: Path) -> tuple[list[str], set[tuple[str, ...]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        return header, {tuple(row) for row in reader}


def compare(new: Path, old: Path) -> int:
    differences = 0
    for file in sorted(p.name for p in old.glob("*.csv")):
        if not (new / file).is_file():
            print(f"{file}: missing from {new}")
            differences += 1
            continue
        old_header, old_rows = rows(old / file)
        new_header, new_rows = rows(new / file)
        if old_header != new_header:
            print(f"{file}: columns differ\n  old: {old_header}\n  new: {new_header}")
            shared = [c for c in new_header if c in old_header]
            pick = lambda header, found: {tuple(r[header.index(c)] for c in shared) for r in found}  # noqa: E731
            old_rows, new_rows = pick(old_header, old_rows), pick(new_header, new_rows)
            differences += 1
        gone, added = sorted(old_rows - new_rows), sorted(new_rows - old_rows)
        for label, found in (("-", gone), ("+", added)):
            for row in found:
                print(f"{file} {label} {' | '.join(cell[:80] for cell in row)}")
        differences += len(gone) + len(added)
    print(f"{differences} difference(s)")
    return 1 if differences else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["snapshot"])
    parser.add_argument("folder", type=Path, help="where the CSV files go")
    parser.add_argument("--against", type=Path, help="an earlier snapshot to compare with")
    parser.add_argument("--realtext", type=Path, default=REALTEXT,
                        help=f"the real-text articles (default {REALTEXT}; skipped when absent)")
    args = parser.parse_args(argv)
    if args.against and not args.against.is_dir():
        print(f"{args.against}: no such snapshot folder", file=sys.stderr)
        return 2
    snapshot(args.folder, args.realtext)
    return compare(args.folder, args.against) if args.against else 0


if __name__ == "__main__":
    sys.exit(main())
