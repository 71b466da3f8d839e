#!/usr/bin/env python3
# sr-translit.py: Serbian Cyrillic lines of stdin in Latin script on stdout
# (the standard one-to-one correspondence of Serbian's two alphabets),
# for ns-lang's training text: Serbian is written in both, and most of
# its training text is Cyrillic.  Lines mostly in other letters are not
# printed; nor are the lines of the files given as arguments (the dev
# sets: a Latin dev line whose Cyrillic twin is in the training text must
# not come back in training).
import sys
import unicodedata

CYR = 'абвгдђежзијклљмнњопрстћуфхцчџш'
LAT = ['a', 'b', 'v', 'g', 'd', 'đ', 'e', 'ž', 'z', 'i', 'j', 'k', 'l', 'lj',
       'm', 'n', 'nj', 'o', 'p', 'r', 's', 't', 'ć', 'u', 'f', 'h', 'c', 'č',
       'dž', 'š']
MAP = {}
for c, l in zip(CYR, LAT):
    MAP[ord(c)] = l
    MAP[ord(c.upper())] = l[0].upper() + l[1:]


def key(s):
    return ' '.join(unicodedata.normalize('NFKC', s).casefold().split())


def main():
    skip = set()
    for path in sys.argv[1:]:
        with open(path, encoding='utf-8') as f:
            skip.update(key(l) for l in f)
    for line in sys.stdin:
        line = line.rstrip('\n')
        letters = [c for c in line if c.isalpha()]
        cyr = sum(1 for c in letters if ord(c) in MAP)
        if not letters or cyr * 2 <= len(letters):
            continue
        lat = line.translate(MAP)
        if key(lat) in skip:
            continue
        print(lat)


if __name__ == '__main__':
    main()
