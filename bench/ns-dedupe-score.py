#!/usr/bin/env python3
"""ns-dedupe-score.py: pairwise precision, recall and F1 of clusters.

usage: ns-dedupe-score.py CLUSTERED.ndjson [--errors N]

CLUSTERED.ndjson is `ns-dedupe --mode cluster` output on the benchmark
corpus (records with "gold" and "kind").  A pair of records is positive
when both have the same gold cluster, predicted positive when both have
the same "cluster".  Also prints recall per repost kind (a repost found
when it shares its original's cluster) and, with --errors, the first N
false-positive and false-negative pairs.
"""
import json
import sys
from collections import Counter, defaultdict


def pairs(counter):
    return sum(n * (n - 1) // 2 for n in counter.values())


def main():
    args = sys.argv[1:]
    nerr = 0
    if "--errors" in args:
        i = args.index("--errors")
        nerr = int(args[i + 1])
        del args[i:i + 2]
    if len(args) != 1:
        sys.exit(__doc__.split("\n\n")[1])
    recs = [json.loads(l) for l in open(args[0], encoding="utf-8")]
    gold, pred, cell = Counter(), Counter(), Counter()
    byid = {}
    for r in recs:
        c = json.dumps(r["cluster"])
        gold[r["gold"]] += 1
        pred[c] += 1
        cell[(r["gold"], c)] += 1
        byid[r["id"]] = r
    tp, pp, gp = pairs(cell), pairs(pred), pairs(gold)
    p = tp / pp if pp else 1.0
    rc = tp / gp if gp else 1.0
    f1 = 2 * p * rc / (p + rc) if p + rc else 0.0
    print("records %d, gold clusters %d, predicted clusters %d" %
          (len(recs), len(gold), len(pred)))
    print("pairs: gold %d, predicted %d, correct %d" % (gp, pp, tp))
    print("precision %.4f recall %.4f F1 %.4f" % (p, rc, f1))
    found, total = Counter(), Counter()
    for r in recs:
        if r["kind"] == "original":
            continue
        orig = byid.get(r["gold"])
        total[r["kind"]] += 1
        if orig is not None and orig["cluster"] == r["cluster"]:
            found[r["kind"]] += 1
    print("recall per repost kind (repost in its original's cluster):")
    for k in sorted(total):
        print("  %-22s %4d/%-4d %.3f" % (k, found[k], total[k],
                                          found[k] / total[k]))
    if nerr:
        members = defaultdict(list)
        for r in recs:
            members[json.dumps(r["cluster"])].append(r)
        fp = [(a["id"], b["id"]) for m in members.values() for i, a in
              enumerate(m) for b in m[i + 1:] if a["gold"] != b["gold"]]
        print("false-positive pairs (%d):" % len(fp))
        for a, b in fp[:nerr]:
            print("  ", a, b)
        fn = [(r["id"], r["kind"]) for r in recs if r["kind"] != "original"
              and byid[r["gold"]]["cluster"] != r["cluster"]]
        print("missed reposts (%d):" % len(fn))
        for a, k in fn[:nerr]:
            print("  ", a, k)


main()
