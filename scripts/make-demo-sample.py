#!/usr/bin/env python3
"""Cuts the demo sample shipped in tandem-cli from goodbooks-10k (CC BY-SA 4.0, Zygmunt Zajac).

Deterministic: the 600 most popular books (book_id 1..600, the data set orders ids by
popularity), every user of the v1 ratings who rated at least 5 of them, each book's 15
most-used tags. Writes Tandem's generic CSV format (items.csv with tags joined by "|",
feedback.csv with user,item,rating) that `tandem import csv` reads. Usage:

  python3 scripts/make-demo-sample.py ../shared/data/goodbooks-10k tandem-cli/src/main/resources/dev/tandem/cli/demo/goodbooks-sample
"""
import collections
import csv
import lzma
import os
import re
import sys

BOOKS = 600
MAX_USER = 10**9  # every user
MIN_RATINGS = 5
TAGS_PER_BOOK = 15

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
with open(os.path.join(src, "books.csv"), encoding="utf-8", newline="") as f:
    books = [row for row in csv.DictReader(f) if int(row["book_id"]) <= BOOKS]
goodreads = {row["goodreads_book_id"]: row["book_id"] for row in books}

with open(os.path.join(src, "tags.csv"), encoding="utf-8", newline="") as f:
    reader = csv.reader(f)
    next(reader)
    tag_name = {int(k): name for k, name in reader}
NOISE = {"to-read", "currently-reading", "favorites", "favourites", "owned", "books-i-own", "owned-books",
         "default", "my-books", "my-library", "library", "books", "to-buy", "wish-list", "kindle", "ebook",
         "ebooks", "audiobook", "audiobooks", "re-read", "i-own", "own", "read", "read-in-2016", "fiction"}
by_book = collections.defaultdict(list)
with open(os.path.join(src, "book_tags.csv"), encoding="utf-8", newline="") as f:
    reader = csv.reader(f)
    next(reader)
    for gid, tag, count in reader:
        name = tag_name.get(int(tag), "")
        if gid in goodreads and int(count) > 0 and name not in NOISE and re.fullmatch(r"[a-z][a-z0-9-]{2,}", name):
            by_book[goodreads[gid]].append((-int(count), name))

with open(os.path.join(out, "items.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["id", "title", "tags", "authors", "year", "language", "average_rating"])
    for b in books:
        seen, tags = set(), []
        for _, name in sorted(by_book[b["book_id"]]):
            if name not in seen:
                seen.add(name)
                tags.append(name)
        year = b["original_publication_year"]
        year = str(int(float(year))) if year else ""
        w.writerow([b["book_id"], b["title"], "|".join(tags[:TAGS_PER_BOOK]), b["authors"], year,
                    b["language_code"], b["average_rating"]])

ratings = []
with lzma.open(os.path.join(src, "ratings-v1.csv.xz"), "rt", encoding="utf-8", newline="") as f:
    reader = csv.reader(f)
    next(reader)
    for book, user, rating in reader:
        if int(book) <= BOOKS and int(user) <= MAX_USER:
            ratings.append((int(user), int(book), int(rating)))
count = collections.Counter(u for u, _, _ in ratings)
last = {}
for r in ratings:  # duplicate (user, book) pairs in v1: keep the last
    last[(r[0], r[1])] = r[2]
ratings = sorted((u, b, r) for (u, b), r in last.items() if count[u] >= MIN_RATINGS)
with open(os.path.join(out, "feedback.csv"), "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow(["user", "item", "rating"])
    w.writerows(ratings)
print(f"{len(books)} books, {len({u for u, _, _ in ratings})} users, {len(ratings)} ratings")
