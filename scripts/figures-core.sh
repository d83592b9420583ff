#!/usr/bin/env bash
# Reproduces the figures of the core-engine issue: import times, EASE fit time against numpy
# (refrec.py) on the same split in the same run, iALS seconds per iteration, and in-process
# recommend latency (JMH). Needs ../shared (data and reference tools) and python3 with numpy.
# Usage: scripts/figures-core.sh [WORKDIR]   (default /tmp/tandem-figures)
set -euo pipefail
cd "$(dirname "$0")/.."
work="${1:-/tmp/tandem-figures}"
shared="$(cd ../shared && pwd)"
refrec="$shared/tools/reference/refrec.py"
rm -rf "$work"; mkdir -p "$work"
./tandem --help >/dev/null   # build the CLI once, outside the timings
./mvnw -q -B -pl tandem-bench -am package -DskipTests

echo "== import goodbooks-10k (books, tags, ratings-v1: 981,756 rows)"
./tandem --home "$work/gb" import goodbooks "$shared/data/goodbooks-10k" --json | tee "$work/import-goodbooks.json"
echo "== import ML-1M half (487,650 ratings)"
./tandem --home "$work/ml1m" import movielens "$shared/data/ml-1m" --json | tee "$work/import-ml1m.json"

echo "== refrec holdout-users split of goodbooks ratings-v1"
python3 "$refrec" split --ratings "$shared/data/goodbooks-10k/ratings-v1.csv.xz" --format csv \
  --protocol holdout-users --seed 98765 --out "$work/gb-split"
./tandem --home "$work/split" import csv --feedback "$work/gb-split/train.csv" --json > "$work/import-split.json"

for round in 1 2; do
  echo "== EASE fit, lambda 500, round $round: numpy (refrec) then Tandem"
  python3 "$refrec" score --split "$work/gb-split" --model ease --lam 500 --json "$work/refrec-ease-$round.json" >/dev/null
  python3 -c "import json; print('refrec ease fit_seconds', json.load(open('$work/refrec-ease-$round.json'))['fit_seconds'])"
  ./tandem --home "$work/split" train --models ease --param ease.lambda=500 --json > "$work/train-ease-$round.json"
  python3 -c "import json; print('tandem ease fit_seconds', json.load(open('$work/train-ease-$round.json'))['fitSeconds']['ease'])"
done

echo "== iALS, 64 factors, 15 iterations, same split"
./tandem --home "$work/split" train --models ials --json > "$work/train-ials.json"
python3 -c "import json; s=json.load(open('$work/train-ials.json'))['fitSeconds']['ials']; print('tandem ials fit_seconds', s, 'per iteration', s/15)"
java -Xmx4g -cp "tandem-bench/target/benchmarks.jar" dev.tandem.bench.IalsFitTiming "$work/gb-split" factors=64 iterations=15 \
  | tee "$work/ials-timing.txt"

echo "== train all models on goodbooks, then recommend latency (JMH, SampleTime: p50/p99)"
./tandem --home "$work/gb" train --json | tee "$work/train-gb.json"
java -jar tandem-bench/target/benchmarks.jar RecommendBench -p home="$work/gb" -p model=ease,ials,itemknn,pop \
  -rf json -rff "$work/jmh-recommend.json" | tee "$work/jmh-recommend.txt"
