#!/usr/bin/env python3
"""entities-by-doc.py: which documents cost a language its strict F1.

usage: python3 bench/entities-by-doc.py [--split dev] [--lang sl] [--top 5]
           [GOLD SYSTEM]

GOLD and SYSTEM default to ../shared/data/slavicner/gold.ndjson (or
$NS_DATA/slavicner/gold.ndjson) and bench/out/ns-entities/system.ndjson,
the output `sh bench/ns-entities.sh` leaves.  The counts are score.py's
own (its functions are imported from $NS_DATA/slavicner): strict
recognition, distinct lower-cased forms per document and type.

For each language it prints the strict F1 of the split, then the TOP
documents whose removal would raise it most, each with its gold forms,
the forms found, the forms the system gave, its own F1 and the
language's F1 without it.  A diagnosis, not a figure to report: the
target is the F1 of the whole split.
"""
import argparse
import os
import sys


def main():
    data = os.environ.get("NS_DATA", "../shared/data")
    ap = argparse.ArgumentParser()
    ap.add_argument("gold", nargs="?",
                    default=os.path.join(data, "slavicner", "gold.ndjson"))
    ap.add_argument("system", nargs="?",
                    default="bench/out/ns-entities/system.ndjson")
    ap.add_argument("--split", default="dev")
    ap.add_argument("--lang", default=None)
    ap.add_argument("--top", type=int, default=5)
    a = ap.parse_args()

    sys.path.insert(0, os.path.join(data, "slavicner"))
    import score  # the corpus's scorer

    gold = score.load_gold(a.gold, False)
    gold = {k: d for k, d in gold.items()
            if d.split == a.split and (a.lang is None or d.lang == a.lang)}
    sysd = score.load_system(a.system, gold, False)[0]
    per = {}            # id -> [tp, gold forms, system forms]
    for did, d in gold.items():
        acc = score.Acc()
        score.score_doc(acc, d, sysd.get(did, []), score.TYPES)
        v = acc.total("strict")
        per[did] = [v[0], v[2], v[3]] if v else [0, 0, 0]

    def f1(tp, ng, ns):
        return 2 * tp / (ng + ns) if ng + ns else 1.0

    for lang in sorted({d.lang for d in gold.values()}):
        ids = [i for i in gold if gold[i].lang == lang]
        tot = [sum(per[i][k] for i in ids) for k in range(3)]
        print("%s: strict F1 %.4f (%d documents, %d gold forms)"
              % (lang, f1(*tot), len(ids), tot[1]))
        rows = []
        for i in ids:
            rest = [tot[k] - per[i][k] for k in range(3)]
            rows.append((f1(*rest), i))
        rows.sort(reverse=True)
        print("  %-7s %5s %5s %6s %6s  %s" % ("without", "gold", "found",
                                            "system", "F1", "document"))
        for without, i in rows[:a.top]:
            tp, ng, ns = per[i]
            print("  %.4f  %5d %5d %6d %6.3f  %s (%s)"
                  % (without, ng, tp, ns, f1(tp, ng, ns), i, gold[i].topic))


if __name__ == "__main__":
    main()
