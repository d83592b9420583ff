#!/usr/bin/env bash
# Cross-checks Tandem's `semantic` model and evaluator against refrec.py on a refrec cold-items
# split of amazon-scientific: refrec scores with Tandem's own item vectors (exported from the
# home), Tandem scores with the same vectors (plain mean pooling, document = the item's text
# alone), and both recall@20 / ndcg@20 among cold items are printed side by side.
# (Checking the embedder itself against embed.py needs Python onnxruntime, which these machines
# cannot install.) Usage: scripts/semantic-crosscheck.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/tandem-semantic-crosscheck}"
shared="$(cd ../shared && pwd)"
refrec="$shared/tools/reference/refrec.py"
rm -rf "$work"; mkdir -p "$work"
./tandem --help >/dev/null
./mvnw -q -B -pl tandem-bench -am package -DskipTests

./tandem --home "$work/home" import amazon "$shared/data/amazon-scientific" >/dev/null
# the document is the item's text alone (the Amazon importer keeps it whole as the description)
sed -i 's/^template = .*/template = "{description}"/' "$work/home/tandem.toml"
python3 "$refrec" split --ratings "$shared/data/amazon-scientific" --format amazon --protocol cold-items \
  --seed 98765 --out "$work/split" >/dev/null

./tandem --home "$work/home" evaluate --split "$work/split" --models semantic --param semantic.use_weights=false \
  --k 20 --json "$work/tandem.json" >/dev/null
java -Dai.djl.offline=true -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.ExportItemVectors "$work/home" "$work/vectors.tsv"
python3 - "$work" <<'PY'
import sys, numpy as np
work = sys.argv[1]
ids, vecs = [], []
for line in open(f"{work}/vectors.tsv"):
    i, v = line.rstrip("\n").split("\t")
    ids.append(i); vecs.append(np.array(v.split(), dtype=np.float32))
np.savez(f"{work}/vectors.npz", ids=np.array(ids), vectors=np.array(vecs))
PY
python3 "$refrec" score --split "$work/split" --model semantic --embeddings "$work/vectors.npz" --cutoffs 20 \
  --json "$work/refrec.json" >/dev/null
python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
t = json.load(open(f"{work}/tandem.json"))["results"][0]["metrics"]
r = json.load(open(f"{work}/refrec.json"))
for m in ("recall@20", "ndcg@20", "hr@20"):
    print(f"{m:10} tandem {t[m]:.5f}  refrec {r[m]:.5f}  |diff| {abs(t[m] - r[m]):.5f}")
PY
