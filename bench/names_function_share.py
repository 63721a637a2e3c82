#!/usr/bin/env python3
"""names_function_share.py — the share of a snapshot's published clusters whose name says
no topic: it consists only of function words (of any language) or filler.

    python3 bench/names_function_share.py KLEIO SNAPSHOT LISTS.json [--show N] [--seed S]

KLEIO is the binary (its `tree --format csv` gives the published clusters), LISTS.json a
JSON object {language: [stop words]} from a source independent of kleio's own tables (so
that the measure is not circular): bench/README.md says how to write it from the npm
package `stopword`. Prints, for the top level and for the leaves (clusters without
published children): clusters, how many have a function-only name, the share, and the
offending names; --show N also prints N random leaf names (seeded) to read by hand.

A name is function-only when every word of it (Unicode letters and digits, lower-cased)
is in some language's list or in FILLER below; a word of a script written without spaces
(Han, kana, Thai) counts when it is in a list or made of single characters that are (or
of hiragana). kleio's frame-word names for clusters without a phrase ("Other questions",
"More requests") are filler.
"""
import csv
import io
import json
import random
import re
import subprocess
import sys

# Words that say nothing about a topic, as a reader judges a cluster name.
FILLER = {"none", "null", "nan", "other", "others", "misc", "miscellaneous", "various",
          "unknown", "undefined", "general", "stuff", "etc", "request", "requests",
          "question", "questions"}
# kleio's names for clusters without an eligible phrase (naming.h).
FRAME_NAME = re.compile(r"^(other|more|further|remaining) (\w+ )?(requests|questions)$")
UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\u0e00-\u0e7f]")
HIRAGANA = re.compile(r"^[\u3040-\u309f]+$")


def load_words(path):
    with open(path, encoding="utf-8") as f:
        lists = json.load(f)
    words, chars = set(), set()
    for ws in lists.values():
        for w in ws:
            w = w.lower()
            words.add(w)
            if len(w) == 1:
                chars.add(w)
    return words, chars


def function_only(name, words, chars):
    toks = re.findall(r"\w+", name.lower())
    if not toks or FRAME_NAME.match(name.lower()):
        return True
    for t in toks:
        if t in words or t in FILLER or t.isdigit():
            continue
        if UNSPACED.search(t) and (HIRAGANA.match(t) or
                                   all(ch in chars or HIRAGANA.match(ch) for ch in t)):
            continue
        return False
    return True


def main():
    args = sys.argv[1:]
    show, seed = 0, 1
    if "--show" in args:
        i = args.index("--show")
        show = int(args[i + 1])
        del args[i:i + 2]
    if "--seed" in args:
        i = args.index("--seed")
        seed = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 3:
        sys.exit(__doc__)
    kleio, snap, lists = args
    words, chars = load_words(lists)
    out = subprocess.run([kleio, "tree", snap, "--format", "csv"], check=True,
                         capture_output=True, text=True).stdout
    rows = [r for r in csv.DictReader(io.StringIO(out)) if r["kind"] == "cluster"]
    parents = {r["parent"] for r in rows}
    top = [r for r in rows if r["level"] == "0"]
    leaves = [r for r in rows if r["id"] not in parents]
    for label, group in (("top", top), ("leaves", leaves)):
        bad = [r["name"] for r in group if function_only(r["name"], words, chars)]
        share = len(bad) / len(group) if group else 0.0
        print(f"{label:7s} clusters={len(group):4d} function_only={len(bad):4d} share={share:.3f}")
        for b in sorted(set(bad)):
            print(f"    {b}")
    if show:
        rng = random.Random(seed)
        pick = rng.sample(leaves, min(show, len(leaves)))
        print(f"random leaves (seed {seed}):")
        for r in pick:
            print(f"    {r['name']}  ({r['conversations']})")


if __name__ == "__main__":
    main()
