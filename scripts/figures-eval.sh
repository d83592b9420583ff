#!/usr/bin/env bash
# Reproduces the figures of the "trusted offline evaluation" issue: on refrec.py's own split
# folders, Tandem's evaluator (`tandem evaluate --split`) against refrec.py's numbers for pop,
# itemknn (k 100, shrink 0) and EASE (lambda 500), plus iALS (defaults, and tuned by `tandem tune`
# on a validation split carved from each split's training data; Tandem only).
#   holdout-users: ml-100k, ML-1M half (users 1-2999), goodbooks-10k ratings-v1
#   leave-last-out: ml-100k, ML-1M half
# Needs ../shared (data and reference tools) and python3 with numpy and scipy.
# Usage: scripts/figures-eval.sh [WORKDIR]   (default /tmp/tandem-figures-eval)
# Output: WORKDIR/<dataset>-<protocol>/{split/, refrec-<model>.json, tandem.json} and a
# markdown table on standard output (also in WORKDIR/figures.md).
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/tandem-figures-eval}"
shared="$(cd ../shared && pwd)"
refrec="$shared/tools/reference/refrec.py"
export TANDEM_JAVA_OPTS="${TANDEM_JAVA_OPTS:--Xmx8g}"
mkdir -p "$work"
./tandem --help >/dev/null   # build the CLI once, outside the timings

run() {  # name ratings format protocol
  local name="$1" ratings="$2" format="$3" protocol="$4"
  local d="$work/$name-$protocol"
  rm -rf "$d"; mkdir -p "$d"
  echo "== $name $protocol: refrec split" >&2
  python3 "$refrec" split --ratings "$ratings" --format "$format" --protocol "$protocol" --seed 98765 --out "$d/split" >/dev/null
  for m in pop itemknn ease; do
    echo "== $name $protocol: refrec score $m" >&2
    python3 "$refrec" score --split "$d/split" --model "$m" --k 100 --lam 500 --json "$d/refrec-$m.json" >/dev/null
  done
  echo "== $name $protocol: tandem evaluate pop,itemknn,ease,ials" >&2
  ./tandem --home "$d/home" evaluate --split "$d/split" --models pop,itemknn,ease,ials --param itemknn.k=100 --param itemknn.shrink=0 \
    --param ease.lambda=500 --k 10,20,50,100 --json "$d/tandem.json" >&2
  echo "== $name $protocol: tandem tune ials (budget ${TUNE_BUDGET:-12}), then evaluate with the tuned values" >&2
  ./tandem --home "$d/home" tune --models ials --budget "${TUNE_BUDGET:-12}" --split "$d/split" --json > "$d/tune-ials.json"
  ./tandem --home "$d/home" evaluate --split "$d/split" --models ials --k 10,20,50,100 --json "$d/tandem-ials-tuned.json" >&2
}

run ml100k "$shared/data/ml-100k/u.data" ml-100k holdout-users
run ml1m-half "$shared/data/ml-1m/ratings.PARTIAL-users-1-2999.dat.gz" ml-1m holdout-users
run goodbooks "$shared/data/goodbooks-10k/ratings-v1.csv.xz" csv holdout-users
run ml100k "$shared/data/ml-100k/u.data" ml-100k leave-last-out
run ml1m-half "$shared/data/ml-1m/ratings.PARTIAL-users-1-2999.dat.gz" ml-1m leave-last-out

python3 - "$work" <<'PY' | tee "$work/figures.md"
import json, os, sys
work = sys.argv[1]
cases = [("ml100k", "holdout-users"), ("ml1m-half", "holdout-users"), ("goodbooks", "holdout-users"),
         ("ml100k", "leave-last-out"), ("ml1m-half", "leave-last-out")]
def f(x): return "-" if x is None else f"{x:.4f}"
for name, protocol in cases:
    d = os.path.join(work, f"{name}-{protocol}")
    t = json.load(open(os.path.join(d, "tandem.json")))
    s = t["split"]
    loo = protocol == "leave-last-out"
    metrics = ["hr@10", "ndcg@10", "mrr", "recall@20", "ndcg@100"] if loo else ["recall@20", "recall@50", "ndcg@10", "ndcg@100"]
    print(f"\n### {name}, {protocol} (seed {s['seed']}): {s['train_users']:,} train users, {s['items']:,} items, "
          f"{s['evaluated_users']:,} test users\n")
    print("| model | " + " | ".join(f"{m} Tandem / refrec" for m in metrics) + " | fit s Tandem / refrec | score s Tandem / refrec | peak heap MB |")
    print("|---" * (len(metrics) + 4) + "|")
    tuned = json.load(open(os.path.join(d, "tandem-ials-tuned.json")))["results"][0]
    tuned["model"] = "ials (tuned: " + ", ".join(f"{k}={tuned['params'][k]}" for k in ("factors", "regularization", "alpha")) + ")"
    for r in t["results"] + [tuned]:
        m = r["model"]
        ref = None
        p = os.path.join(d, f"refrec-{m}.json")
        if os.path.exists(p):
            ref = json.load(open(p))
        cells = []
        for k in metrics:
            tv = r["metrics"].get(k)
            rv = ref.get(k) if ref else None
            cells.append(f"{f(tv)} / {f(rv)}" if ref else f"{f(tv)} / -")
        fit = f"{r['fit_seconds']:.2f} / {ref['fit_seconds']:.2f}" if ref else f"{r['fit_seconds']:.2f} / -"
        sc = f"{r['score_seconds']:.2f} / {ref['score_seconds']:.2f}" if ref else f"{r['score_seconds']:.2f} / -"
        print(f"| {m} | " + " | ".join(cells) + f" | {fit} | {sc} | {r['peak_memory_bytes'] / 1e6:.0f} |")
PY
