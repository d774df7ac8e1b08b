#!/usr/bin/env python3
"""Pairwise agreement of two duplicate groupings in the peers' format ({"id", "cluster"} per line).

usage: dedup_agreement.py REFERENCE.jsonl OTHER.jsonl
Prints the duplicate pairs of each (two articles in one group), the pairs both have, and OTHER's
pairwise precision and recall against REFERENCE. Standard library only."""
import collections, json, sys


def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line.startswith("{"):
            r = json.loads(line)
            out[r["id"]] = r["cluster"]
    return out


def pairs(counts):
    return sum(n * (n - 1) // 2 for n in counts)


ref, other = load(sys.argv[1]), load(sys.argv[2])
ids = [i for i in ref if i in other]
ref_pairs = pairs(collections.Counter(ref[i] for i in ids).values())
other_pairs = pairs(collections.Counter(other[i] for i in ids).values())
both = pairs(collections.Counter((ref[i], other[i]) for i in ids).values())
p = both / other_pairs if other_pairs else 1.0
r = both / ref_pairs if ref_pairs else 1.0
f = 2 * p * r / (p + r) if p + r else 0.0
print(json.dumps({"docs": len(ids), "reference_pairs": ref_pairs, "other_pairs": other_pairs, "common_pairs": both,
                  "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}))
