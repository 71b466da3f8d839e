#!/usr/bin/env python3
"""ns-entities-data.py: inputs for ns-entities' benchmark and training,
built from ../shared/data (nothing of it is kept in the repository).

  ns-entities-data.py dev-ndjson DATA [SPLIT]
      one NDJSON record {"id", "lang", "text"} per document of SPLIT
      (default dev) of DATA/slavicner, the raw file's text whole (its
      first line is the headline), on stdout
  ns-entities-data.py dev-files DATA [SPLIT]
      the raw files of SPLIT's documents, one path a line
  ns-entities-data.py cluster-text DATA LANG
      unlabelled text in LANG for word clusters, one line a paragraph:
      DATA/langid/LANG.txt without the lines that occur in a dev
      document of DATA/slavicner (langid shares sources with it), the
      train documents of DATA/slavicner, and the sentences of the UD
      treebanks of LANG in DATA/ud
"""
import glob
import json
import os
import sys


def gold(data):
    with open(os.path.join(data, "slavicner", "gold.ndjson"),
              encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def raw(data, g):
    with open(os.path.join(data, "slavicner", g["path"]),
              encoding="utf-8") as f:
        return f.read()


def main(argv):
    if len(argv) < 3:
        sys.exit(__doc__)
    cmd, data = argv[1], argv[2]
    out = sys.stdout
    if cmd in ("dev-ndjson", "dev-files"):
        split = argv[3] if len(argv) > 3 else "dev"
        for g in gold(data):
            if g["split"] != split:
                continue
            if cmd == "dev-files":
                print(os.path.join(data, "slavicner", g["path"]))
                continue
            rec = {"id": g["id"], "lang": g["lang"], "text": raw(data, g)}
            out.write(json.dumps(rec, ensure_ascii=False) + "\n")
    elif cmd == "cluster-text" and len(argv) == 4:
        lang = argv[3]
        dev, train = [], []
        for g in gold(data):
            if g["lang"] == lang:
                (dev if g["split"] == "dev" else train).append(raw(data, g))
        devtext = "\n".join(dev)
        with open(os.path.join(data, "langid", lang + ".txt"),
                  encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and line not in devtext:
                    out.write(line + "\n")
        for t in train:
            for line in t.split("\n"):
                if line.strip():
                    out.write(line.strip() + "\n")
        for path in sorted(glob.glob(os.path.join(data, "ud",
                                                  lang + "_*.conllu"))):
            with open(path, encoding="utf-8") as f:
                for line in f:
                    if line.startswith("# text = "):
                        out.write(line[9:].strip() + "\n")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
