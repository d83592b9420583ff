#!/usr/bin/env bash
# Reproduces the figures of issue 4 (LLM semantic layer) with `tandem evaluate` (full ranking) on
# three homes: ML-1M half (text: title, genres, plot, director, actors from movies_extrainfos.dat),
# amazon-scientific (the item text: title, categories, brand) and goodbooks-10k (title, authors,
# top tags), each with the default in-process embedder.
#   1. import + `tandem embed` (docs/s); `tandem train` with the catalogue unchanged reads every
#      vector from the cache (its load time is the whole content cost of a re-train), and a second
#      `tandem embed` embeds nothing;
#   2. cold-items: semantic, bm25, hybrid and a CF model (ease) among the cold items;
#   3. holdout-users: every single channel, rrf and learned fusion.
# Splits are Tandem's own (`--protocol`, seed 98765, defaults), the same for every model.
# Usage: scripts/figures-llm.sh [WORKDIR] [DATASET...]   (datasets: ml1m sci gb; default all)
# Output: WORKDIR/<dataset>/{home/, embed.json, train.json, embed-again.json, cold.json, holdout.json}, and a
# markdown summary on standard output (also WORKDIR/figures.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/tandem-figures-llm}"; shift || true
datasets=("$@"); [ ${#datasets[@]} -gt 0 ] || datasets=(ml1m sci gb)
data="$(cd ../shared/data && pwd)"
export TANDEM_JAVA_OPTS="${TANDEM_JAVA_OPTS:--Xmx10g}"
mkdir -p "$work"
./tandem --help >/dev/null   # build once, outside the timings

prepare() {  # name
  local h="$work/$1/home"
  rm -rf "$work/$1"; mkdir -p "$work/$1"
  case "$1" in
    ml1m) ./tandem --home "$h" import movielens "$data/ml-1m" >/dev/null
          sed -i 's/^template = .*/template = "{title}. {categories}. {description}. {attr:director}. {attr:actors}"/' "$h/tandem.toml" ;;
    sci)  ./tandem --home "$h" import amazon "$data/amazon-scientific" >/dev/null ;;
    gb)   ./tandem --home "$h" import goodbooks "$data/goodbooks-10k" >/dev/null
          sed -i 's/^template = .*/template = "{title}. {attr:authors}. {tags}"/' "$h/tandem.toml" ;;
  esac
  ./tandem --home "$h" embed --json > "$work/$1/embed.json"
  ./tandem --home "$h" train --models semantic,bm25 --json > "$work/$1/train.json"
  ./tandem --home "$h" embed --json > "$work/$1/embed-again.json"
}

for d in "${datasets[@]}"; do
  echo "== $d: import, embed, train, embed again" >&2
  prepare "$d"
  echo "== $d: cold-items" >&2
  ./tandem --home "$work/$d/home" evaluate --protocol cold-items --models semantic,bm25,hybrid,ease --k 20 \
    --bootstrap 200 --json "$work/$d/cold.json" >&2
  echo "== $d: holdout-users" >&2
  ./tandem --home "$work/$d/home" evaluate --protocol holdout-users \
    --models pop,itemknn,ease,ials,semantic,bm25,hybrid,rrf,fusion --k 20,50,100 --bootstrap 200 \
    --json "$work/$d/holdout.json" >&2
done

python3 - "$work" "${datasets[@]}" <<'PY' | tee "$work/figures.md"
import json, sys, os
work, names = sys.argv[1], sys.argv[2:]
label = {"ml1m": "ML-1M half", "sci": "amazon-scientific", "gb": "goodbooks-10k"}
def results(path):
    r = json.load(open(path))
    return {m["model"]: m for m in r["results"]}
print("### Embedding and a second train (unchanged catalogue)\n")
print("| data | texts embedded | docs/s | embed s | re-train: load s (vectors from cache) | fit s | embed again: embedded, s |")
print("| --- | --- | --- | --- | --- | --- | --- |")
for n in names:
    e = json.load(open(f"{work}/{n}/embed.json")); a = json.load(open(f"{work}/{n}/embed-again.json"))
    t = json.load(open(f"{work}/{n}/train.json"))
    fit = sum(t["fitSeconds"].values())
    print(f"| {label[n]} | {e['embedded']} | {e['docs_per_second']:.1f} | {e['seconds']:.1f} | {t['loadSeconds']:.2f} | {fit:.2f} | {a['embedded']}, {a['seconds']:.2f} |")
print("\n### cold-items: recall@20 / ndcg@20 among cold items\n")
print("| data | semantic | bm25 | hybrid | ease | hybrid / semantic |")
print("| --- | --- | --- | --- | --- | --- |")
for n in names:
    r = results(f"{work}/{n}/cold.json")
    cell = lambda m: f"{r[m]['metrics']['recall@20']:.4f} / {r[m]['metrics']['ndcg@20']:.4f}"
    ratio = r["hybrid"]["metrics"]["recall@20"] / r["semantic"]["metrics"]["recall@20"]
    print(f"| {label[n]} | {cell('semantic')} | {cell('bm25')} | {cell('hybrid')} | {cell('ease')} | {ratio:.2f} |")
print("\n### holdout-users: ndcg@100 (recall@20), fit seconds\n")
models = ["pop", "itemknn", "ease", "ials", "semantic", "bm25", "hybrid", "rrf", "fusion"]
print("| data | " + " | ".join(models) + " | fusion / ease |")
print("| --- |" + " --- |" * (len(models) + 1))
for n in names:
    r = results(f"{work}/{n}/holdout.json")
    cells = [f"{r[m]['metrics']['ndcg@100']:.4f} ({r[m]['metrics']['recall@20']:.4f}) {r[m].get('fit_seconds', 0):.0f}s" for m in models]
    ratio = r["fusion"]["metrics"]["ndcg@100"] / r["ease"]["metrics"]["ndcg@100"]
    print(f"| {label[n]} | " + " | ".join(cells) + f" | {ratio:.3f} |")
PY
