#!/usr/bin/env python3
"""entities-second-pass.py: how much a second pass over ns-entities' output
could gain, measured on the outputs of cross-validation on train.

usage: sh bench/entities-cv.sh ner            # first: the CV outputs
       python3 bench/entities-second-pass.py [CV_OUT]   # about 5 minutes

CV_OUT is the folder entities-cv.sh wrote (default bench/out/entities-cv-doc):
each train document was tagged by a model that did not see it, so these
are the tagger's honest outputs, and a second pass trained on three
folds' outputs and applied to the fourth is measured as it would work.

It prints strict F1 (as score.py counts it: per document, distinct
lower-cased forms per type) for
  * the tagger's output as it is;
  * three ceilings, where an oracle that knows the gold spans fixes each
    predicted mention: its end only; its boundaries (any gold mention of
    the same type it overlaps); its boundaries and type;
  * two learned second passes (averaged perceptrons, trained on three
    folds, applied to the fourth): one picks each mention's end among
    the tokens up to six before or after it; one gives each mention a
    type or drops it, from features of the whole span and of the other
    mentions of the document.
"""
import collections
import json
import os
import random
import re
import sys

LANGS = ("ALL", "bg", "cs", "pl", "ru", "sl", "uk")
TYPES = ("PER", "LOC", "ORG", "EVT", "PRO")
REACH = 6
TOKEN = re.compile(r"\w+|[^\w\s]")


def norm(s):
    return re.sub(r"\s+", " ", s).strip().lower()


def caps(w):
    if not any(c.isalpha() for c in w):
        return "D" if w[:1].isdigit() else "P"
    if w.isupper() and len(w) > 1:
        return "A"
    return "C" if w[0].isupper() else "l"


class Doc:
    def __init__(self, did, text, lang, fold, gold):
        self.id, self.text, self.lang, self.fold = did, text, lang, fold
        self.toks = [(m.start(), m.end()) for m in TOKEN.finditer(text)]
        self.gold = gold
        self.spans = [(m["start"], m["end"], m["type"])
                      for m in gold.get("mentions", [])]
        self.pred = []

    def word(self, k):
        if 0 <= k < len(self.toks):
            return self.text[self.toks[k][0]:self.toks[k][1]]
        return "<E>"

    def tokens_of(self, s, e):
        ks = [k for k, (a, b) in enumerate(self.toks) if a >= s and b <= e]
        return (ks[0], ks[-1]) if ks else None


def load(cv):
    texts = {}
    for f in range(4):
        with open(os.path.join(cv, "f%d" % f, "in.ndjson"), encoding="utf-8") as fp:
            for line in fp:
                r = json.loads(line)
                texts[r["id"]] = (r["text"], r["lang"], f)
    docs = {}
    with open(os.path.join(cv, "gold.ndjson"), encoding="utf-8") as fp:
        for line in fp:
            g = json.loads(line)
            if g["id"] in texts:
                t, lang, f = texts[g["id"]]
                docs[g["id"]] = Doc(g["id"], t, lang, f, g)
    with open(os.path.join(cv, "sys.ndjson"), encoding="utf-8") as fp:
        for line in fp:
            r = json.loads(line)
            d = docs.get(r.get("doc", r["id"]))
            if d is not None:
                d.pred += [(e["start"], e["end"], e["type"])
                           for e in r.get("entities", [])]
    return docs


def score(docs, pred):
    """Strict F1 per language; pred: doc id -> [(start, end, type)]."""
    n = collections.Counter()
    for d in docs.values():
        gs = {(norm(e["text"]), e["type"]) for e in d.gold["entities"]}
        ps = {(norm(d.text[s:e]), t) for s, e, t in pred.get(d.id, [])}
        for lang in ("ALL", d.lang):
            n[lang, "tp"] += len(gs & ps)
            n[lang, "fp"] += len(ps - gs)
            n[lang, "fn"] += len(gs - ps)
    return {lang: 2 * n[lang, "tp"] / max(1, 2 * n[lang, "tp"] +
            n[lang, "fp"] + n[lang, "fn"]) for lang in LANGS}


def end_choices(d, s, e):
    """(first token, [(token of a candidate end, shift from e)]) or None."""
    r = d.tokens_of(s, e)
    if r is None:
        return None
    i0, i1 = r
    out = []
    for j in range(max(i0, i1 - REACH), min(len(d.toks), i1 + REACH + 1)):
        if j > i1:
            gap = d.text[d.toks[i1][1]:d.toks[j][0]]
            if "\n" in gap or any(d.word(x) in ".!?" for x in range(i1 + 1, j)):
                break
        out.append((j, j - i1))
    return i0, out


def end_features(d, ty, i0, j, shift):
    last, nxt = d.word(j), d.word(j + 1)
    low = sum(1 for k in range(i0, j + 1) if caps(d.word(k)) == "l")
    return ["d%d" % shift, "d%d|%s" % (shift, ty),
            "d%d|%s|%s" % (shift, ty, d.lang),
            "lc%s|%s" % (caps(last), ty), "nc%s|%s" % (caps(nxt), ty),
            "lw%s|%s" % (last.lower()[:5], ty), "nw%s|%s" % (nxt.lower(), ty),
            "ls%s|%s|%s" % (last.lower()[-2:], ty, d.lang),
            "len%d|%s" % (min(j - i0 + 1, 10), ty),
            "f%s|d%d" % (d.word(i0).lower()[:5], max(-2, min(shift, 3))),
            "f%s|%s|%s" % (d.word(i0).lower()[:5], caps(last), caps(nxt)),
            "c%s|%s|%s|%s" % (caps(last), caps(nxt), ty, d.lang),
            "nw%s|%s" % (nxt.lower(), caps(last)),
            "low%d|%s" % (min(low, 4), ty)]


def type_features(d, s, e, ty, votes):
    ws = TOKEN.findall(d.text[s:e])
    i0, i1 = d.tokens_of(s, e)
    v = votes[ws[-1].lower()[:5]]
    shape = "".join(caps(x) for x in ws[:4])
    return ["t%s" % ty, "t%s|%s" % (ty, d.lang), "s%s" % norm(d.text[s:e]),
            "f%s" % ws[0].lower()[:5], "l%s" % ws[-1].lower()[:5],
            "x%s|%s" % (ws[-1].lower()[-3:], d.lang),
            "p%s" % d.word(i0 - 1).lower(),
            "pp%s|%s" % (d.word(i0 - 2).lower(), d.word(i0 - 1).lower()),
            "n%s" % d.word(i1 + 1).lower(), "len%d|%s" % (min(len(ws), 6), ty),
            "c%s" % shape, "c%s|%s" % (shape, ty),
            "m%s|%s" % (v.most_common(1)[0][0], ty),
            "v%d|%s" % (min(sum(v.values()), 5), ty),
            "lf%s|%s|%s" % (ws[0][:1].islower(), ty, d.lang)]


def perceptron(examples, epochs):
    """examples: (choices, gold index, default index); a choice is a
    feature list.  Returns averaged weights."""
    w, u, c = collections.defaultdict(float), collections.defaultdict(float), 1
    examples = list(examples)
    rnd = random.Random(1)
    for _ in range(epochs):
        rnd.shuffle(examples)
        for choices, g, dflt in examples:
            p = best(w, choices, dflt)
            if p != g:
                for f in choices[g]:
                    w[f] += 1
                    u[f] += c
                for f in choices[p]:
                    w[f] -= 1
                    u[f] -= c
            c += 1
    return {f: w[f] - u[f] / c for f in w}


def best(w, choices, dflt):
    sc = [sum(w.get(f, 0) for f in fs) for fs in choices]
    return max(range(len(choices)), key=lambda k: (sc[k], k == dflt))


def end_pass(docs):
    ex = collections.defaultdict(list)
    for d in docs.values():
        gold = set(d.spans)
        for s, e, ty in d.pred:
            r = end_choices(d, s, e)
            if r is None:
                continue
            i0, ends = r
            spans = [(d.toks[i0][0], d.toks[j][1]) for j, _ in ends]
            choices = [end_features(d, ty, i0, j, sh) for j, sh in ends]
            g = [k for k, sp in enumerate(spans) if sp + (ty,) in gold]
            dflt = [k for k, (_, sh) in enumerate(ends) if sh == 0][0]
            ex[d.fold].append((d.id, ty, spans, choices, g[0] if g else None,
                               dflt))
    return ex


def type_pass(docs):
    ex = collections.defaultdict(list)
    for d in docs.values():
        gold = {(s, e): t for s, e, t in d.spans}
        votes = collections.defaultdict(collections.Counter)
        for s, e, ty in d.pred:
            ws = TOKEN.findall(d.text[s:e])
            if ws:
                votes[ws[-1].lower()[:5]][ty] += 1
        for s, e, ty in d.pred:
            if not TOKEN.findall(d.text[s:e]) or d.tokens_of(s, e) is None:
                continue
            fs = type_features(d, s, e, ty, votes)
            labels = TYPES + ("NONE",)
            choices = [["%s>%s" % (f, t) for f in fs] for t in labels]
            g = labels.index(gold.get((s, e), "NONE"))
            ex[d.fold].append((d.id, (s, e), labels, choices, g,
                               labels.index(ty)))
    return ex


def main(argv):
    cv = argv[1] if len(argv) > 1 else "bench/out/entities-cv-doc"
    docs = load(cv)
    rows = [("tagger", {d.id: d.pred for d in docs.values()})]

    oracle = {"end": {}, "bounds": {}, "bounds+type": {}}
    for d in docs.values():
        gold = set(d.spans)
        for s, e, ty in d.pred:
            r = end_choices(d, s, e)
            fixed = (s, e, ty)
            if r is not None:
                i0, ends = r
                for j, _ in ends:
                    sp = (d.toks[i0][0], d.toks[j][1], ty)
                    if sp in gold:
                        fixed = sp
                        break
            oracle["end"].setdefault(d.id, []).append(fixed)
            same = [g for g in d.spans if g[0] < e and s < g[1] and g[2] == ty]
            oracle["bounds"].setdefault(d.id, []).append(
                same[0] if same else (s, e, ty))
            anyt = [g for g in d.spans if g[0] < e and s < g[1]]
            oracle["bounds+type"].setdefault(d.id, []).append(
                anyt[0] if anyt else (s, e, ty))
    rows += [("oracle: " + k, v) for k, v in oracle.items()]

    ex = end_pass(docs)
    out = collections.defaultdict(list)
    for f in range(4):
        w = perceptron(((c, g, df) for h in range(4) if h != f
                        for _, _, _, c, g, df in ex[h] if g is not None), 5)
        for did, ty, spans, choices, _, dflt in ex[f]:
            out[did].append(spans[best(w, choices, dflt)] + (ty,))
    rows.append(("learned: end", out))

    ex = type_pass(docs)
    out = collections.defaultdict(list)
    for f in range(4):
        w = perceptron(((c, g, df) for h in range(4) if h != f
                        for _, _, _, c, g, df in ex[h]), 6)
        for did, span, labels, choices, _, dflt in ex[f]:
            t = labels[best(w, choices, dflt)]
            if t != "NONE":
                out[did].append(span + (t,))
    rows.append(("learned: type or drop", out))

    print("%-24s" % "strict F1, 4-fold CV" + "".join("%8s" % l for l in LANGS))
    for name, pred in rows:
        s = score(docs, pred)
        print("%-24s" % name + "".join("%8.4f" % s[l] for l in LANGS))


if __name__ == "__main__":
    main(sys.argv)
