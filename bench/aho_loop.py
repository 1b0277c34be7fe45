"""The floor for any Python tagger: a bare pyahocorasick loop over the raw corpus.

Usage: ``python bench/aho_loop.py CORPUS.jsonl TERMS.txt``

One automaton of every match form (the file grep gets); each JSONL line is
parsed and its title and text scanned as they are (no normalization, no word
boundaries, no attribution). Prints one JSON line: seconds, bytes, matches.
What ``tag`` does on top of this loop is what costs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import ahocorasick


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("terms")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    automaton = ahocorasick.Automaton()
    with open(args.terms, encoding="utf-8") as handle:
        for term in filter(None, (line.rstrip("\n") for line in handle)):
            automaton.add_word(term, len(term))
    automaton.make_automaton()
    matches = size = 0
    with open(args.corpus, encoding="utf-8") as handle:
        for line in handle:
            size += len(line.encode("utf-8"))
            record = json.loads(line)
            for field in ("title", "text"):
                for _ in automaton.iter(record.get(field) or ""):
                    matches += 1
    print(json.dumps({"seconds": time.perf_counter() - started, "bytes": size, "matches": matches}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
