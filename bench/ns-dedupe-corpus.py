#!/usr/bin/env python3
"""ns-dedupe-corpus.py: build the near-duplicate benchmark from real text.

usage: ns-dedupe-corpus.py SEEDS_DIR [SLAVICNER_RAW_DIR] OUT.ndjson

Bases are real articles: the seeds and, when given, the SlavicNER raw
articles (../shared/data/slavicner/raw; research use only, so the corpus
goes to bench/out/, which git ignores).  Bases that are near duplicates
of each other in the source (word 3-shingle Jaccard or containment of
0.5 or more, same topic and language) are left out, so that every pair
of bases is a true negative; same-topic bases are the hard negatives
(different articles on the same event), and seeds 001, 002 and 003 tell
one story in three texts.  About 60 % of the bases get one to three
reposts: formatting changes, another header, boilerplate added,
typos, truncation to 60 %, paragraphs reordered, and combinations;
each comes after its original in the stream, as reposts do.  Each record carries its gold cluster in "gold" and its kind in "kind".
"""
import json
import os
import random
import re
import sys
import time
import unicodedata

SEED = 20261123

SITE = {
    "ru": ("Новости", "просмотров", "Читайте также",
           "Подписывайтесь на наш канал в Telegram, чтобы первыми узнавать главное."),
    "uk": ("Новини", "переглядів", "Читайте також",
           "Підписуйтесь на наш канал у Telegram, щоб першими дізнаватися головне."),
    "bg": ("Новини", "прегледа", "Прочетете още",
           "Абонирайте се за нашия канал в Telegram, за да научавате първи най-важното."),
    "pl": ("Wiadomości", "wyświetleń", "Czytaj także",
           "Subskrybuj nasz kanał na Telegramie, aby jako pierwszy poznawać najważniejsze."),
    "cs": ("Zprávy", "zobrazení", "Čtěte také",
           "Sledujte náš kanál na Telegramu a dozvíte se to hlavní jako první."),
    "sl": ("Novice", "ogledov", "Preberite tudi",
           "Sledite našemu kanalu na Telegramu in prvi izveste, kar je pomembno."),
}


def words(text):
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())


def shingles(text):
    w = words(text)
    return {tuple(w[i:i + 3]) for i in range(len(w) - 2)}


def close(a, b):
    inter = len(a & b)
    if inter == 0:
        return False
    return inter / len(a | b) >= 0.5 or inter / min(len(a), len(b)) >= 0.5


def load(seeds, raw):
    docs = []
    for f in sorted(os.listdir(seeds)):
        if f.endswith(".txt"):
            lang = "uk" if f.startswith("002") else "bg" if f.startswith("003") else "ru"
            docs.append(("seed-" + f[:3], "seeds", lang,
                         open(os.path.join(seeds, f), encoding="utf-8").read()))
    if raw is None:
        return docs
    for topic in sorted(os.listdir(raw)):
        for lang in sorted(os.listdir(os.path.join(raw, topic))):
            d = os.path.join(raw, topic, lang)
            for f in sorted(os.listdir(d)):
                text = open(os.path.join(d, f), encoding="utf-8").read()
                if len(words(text)) >= 50:
                    docs.append((f[:-4], topic, lang, text))
    return docs


def bases(docs):
    kept, groups = [], {}
    for doc in docs:
        sh = shingles(doc[3])
        group = groups.setdefault((doc[1], doc[2]), [])
        if doc[1] != "seeds" and any(close(sh, o) for o in group):
            continue
        group.append(sh)
        kept.append(doc)
    return kept


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def paragraphs(text):
    return [p for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def typo(word, rng):
    if len(word) < 4:
        return word
    i = rng.randrange(1, len(word) - 2)
    op = rng.randrange(4)
    if op == 0:
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if op == 1:
        return word[:i] + word[i + 1:]
    if op == 2:
        return word[:i] + word[i] + word[i:]
    return word[:i] + word[rng.randrange(len(word))] + word[i + 1:]


def v_typos(text, rng, doc, others):
    toks = re.split(r"(\s+)", text)
    n = max(1, len(toks) // 2 // 50)
    idx = [i for i in range(0, len(toks), 2) if len(toks[i]) >= 4]
    for i in rng.sample(idx, min(n, len(idx))):
        toks[i] = typo(toks[i], rng)
    return "".join(toks)


def v_format(text, rng, doc, others):
    text = text.replace("«", '"').replace("»", '"').replace(", ", " , ")
    lines = text.split("\n")
    lines[0] = lines[0].upper()
    return "\n".join(l + "  " for l in lines)


def v_header(text, rng, doc, others):
    site, views, _, _ = SITE[doc[2]]
    paras = paragraphs(text)
    head = "%s | %02d.%02d.2025, %02d:%02d | %d %s" % (
        site, rng.randrange(1, 29), rng.randrange(1, 13), rng.randrange(24),
        rng.randrange(60), rng.randrange(10, 5000), views)
    title = paras[0].rstrip(".") + " — " + site
    return "\n\n".join([head, title] + paras[1:])


def v_boiler(text, rng, doc, others):
    _, _, also, sub = SITE[doc[2]]
    related = [paragraphs(o[3])[0].strip() for o in rng.sample(others, min(3, len(others)))]
    return text.rstrip() + "\n\n" + sub + "\n\n" + also + ":\n" + "\n".join(related)


def v_truncate(text, rng, doc, others):
    cut = int(len(text) * 0.6)
    while cut < len(text) and not text[cut].isspace():
        cut += 1
    return text[:cut].rstrip() + " …"


def v_reorder(text, rng, doc, others):
    paras = paragraphs(text)
    body = paras[1:]
    if len(body) < 2:
        # One body paragraph: cut it at the sentence end nearest its
        # middle and swap the halves.
        sents = re.split(r"(?<=[.!?])\s+", " ".join(body))
        if len(sents) < 2:
            return text
        mid = len(sents) // 2
        body = [" ".join(sents[:mid]), " ".join(sents[mid:])]
    orig = list(body)
    if len(set(body)) < 2:
        return text
    while body == orig:
        rng.shuffle(body)
    return "\n\n".join(paras[:1] + body)


KINDS = {
    "format": [v_format],
    "header": [v_header],
    "boilerplate": [v_boiler],
    "typos": [v_typos],
    "truncate": [v_truncate],
    "reorder": [v_reorder],
    "header+typos": [v_header, v_typos],
    "truncate+header": [v_truncate, v_header],
    "reorder+typos": [v_reorder, v_typos],
    "boilerplate+truncate": [v_truncate, v_boiler],
}


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__.split("\n\n")[1])
    seeds, out = sys.argv[1], sys.argv[-1]
    raw = sys.argv[2] if len(sys.argv) == 4 else None
    rng = random.Random(SEED)
    kept = bases(load(seeds, raw))
    bytopic = {}
    for doc in kept:
        bytopic.setdefault((doc[1], doc[2]), []).append(doc)
    recs = []
    for doc in kept:
        # Reposts come after their original, at random places.
        pos = rng.random()
        when = 1764547200 + int(pos * 28 * 86400)
        recs.append((pos, {"id": doc[0], "date": iso(when), "text": doc[3],
                           "gold": doc[0], "kind": "original"}))
        if rng.random() >= 0.6 and doc[1] != "seeds":
            continue
        others = [o for o in bytopic[(doc[1], doc[2])] if o is not doc]
        for k in range(rng.randrange(1, 4)):
            kind = rng.choice(sorted(KINDS))
            text = doc[3]
            for f in KINDS[kind]:
                text = f(text, rng, doc, others)
            later = pos + (1 - pos) * rng.random()
            recs.append((later, {
                "id": "%s~%d" % (doc[0], k + 1),
                "date": iso(when + int((later - pos) * 28 * 86400)),
                "text": text, "gold": doc[0], "kind": kind}))
    recs = [r for _, r in sorted(recs, key=lambda x: x[0])]
    with open(out, "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("%s: %d bases, %d records" % (out, len(kept), len(recs)),
          file=sys.stderr)


main()
