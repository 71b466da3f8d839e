#!/usr/bin/env python3
"""mkcorpus.py: a benchmark corpus of NDJSON articles from the seed fixtures.

usage: mkcorpus.py MEGABYTES OUT SEED.txt...

Writes {"id", "text"} records (the raw article, header and boilerplate
included) until OUT holds MEGABYTES * 10^6 bytes.  Every record is a seed
perturbed with a seeded random generator (words swapped, digits changed,
a paragraph dropped or repeated, the record number written into the text),
so no two records are identical; the output is the same on every run.
"""
import json
import random
import sys


def perturb(text, rng, k):
    paras = text.split("\n\n")
    body = list(range(1, len(paras)))
    if len(body) > 3 and rng.random() < 0.3:
        del paras[rng.choice(body[1:])]
    elif len(body) > 3 and rng.random() < 0.3:
        i = rng.choice(body)
        paras.insert(i, paras[i])
    for _ in range(3):
        i = rng.randrange(1, len(paras)) if len(paras) > 1 else 0
        words = paras[i].split(" ")
        if len(words) > 3:
            j = rng.randrange(len(words) - 1)
            words[j], words[j + 1] = words[j + 1], words[j]
        paras[i] = " ".join(words)
    text = "\n\n".join(paras)
    digits = [i for i, c in enumerate(text) if c.isdigit()]
    for i in rng.sample(digits, min(2, len(digits))):
        text = text[:i] + str(rng.randrange(10)) + text[i + 1:]
    i = rng.randrange(1, len(paras)) if len(paras) > 1 else 0
    paras = text.split("\n\n")
    words = paras[i].split(" ")
    words.insert(rng.randrange(len(words) + 1), "№%d" % k)
    paras[i] = " ".join(words)
    return "\n\n".join(paras)


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__.strip().splitlines()[2])
    limit = int(float(sys.argv[1]) * 1e6)
    seeds = []
    for path in sys.argv[3:]:
        with open(path, encoding="utf-8") as f:
            name = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
            seeds.append((name, f.read()))
    rng = random.Random(20251221)
    size = k = 0
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        while size < limit:
            name, text = seeds[k % len(seeds)]
            line = json.dumps({"id": "%s-%d" % (name, k),
                               "text": perturb(text, rng, k)},
                              ensure_ascii=False) + "\n"
            out.write(line)
            size += len(line.encode("utf-8"))
            k += 1


if __name__ == "__main__":
    main()
