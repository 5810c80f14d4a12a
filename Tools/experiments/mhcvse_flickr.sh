#!/usr/bin/env bash
# MH-CVSE on Flickr8k-1K (METHODS.md §3, issue #9). No pretrained CLIP is reachable here, so the
# frozen base is a tiny CLIP trained from scratch on the 6,000 Flickr8k training images with
# InfoNCE; MH-CVSE heads are then trained on its frozen patch tokens and token states. Every model,
# the base included, is scored with `loupe eval retrieval --split test` (1,000 images × 5,000 captions).
# Rows: the base's pooled embedding; cvse (1 head, fixed fusion, fixed weights, step decay);
# heads 4 alone; all four switches (MH-CVSE). ROWS selects head rows (also heads4-sum: sum of
# violations throughout). Writes OUT/results.jsonl and OUT/table.md.
#
#   swift build -c release --product loupe
#   Tools/experiments/mhcvse_flickr.sh
#   ROWS=heads4-sum Tools/experiments/mhcvse_flickr.sh                        # one more row, same base
#   mkdir -p out/mhcvse-flickr-long/runs && ln -s ../../mhcvse-flickr/runs/base out/mhcvse-flickr-long/runs/base
#   OUT=out/mhcvse-flickr-long HEAD_STEPS=4000 ROWS=heads4 Tools/experiments/mhcvse_flickr.sh   # 4× the steps
set -euo pipefail
LOUPE=${LOUPE:-.build/release/loupe}
OUT=${OUT:-out/mhcvse-flickr}
F=${DATA:-../shared/data}/flickr8k
BASE_STEPS=${BASE_STEPS:-1500}
HEAD_STEPS=${HEAD_STEPS:-1000}
mkdir -p "$OUT/runs"

run() {  # run NAME CONFIG_JSON; fails (status 1) when the run is already there, so it is not scored twice
  local name=$1 dir="$OUT/runs/$1"
  if [[ -d $dir/final ]]; then echo "reusing $dir/final" >&2; return 1; fi
  mkdir -p "$dir"
  echo "$2" > "$dir/config.json"
  local start=$(date +%s)
  "$LOUPE" train --config "$dir/config.json" 2> "$dir/train.log" > /dev/null \
    || { echo "training $name failed: see $dir/train.log" >&2; exit 1; }
  echo "{\"run\": \"$name\", \"suite\": \"train\", \"seconds\": $(( $(date +%s) - start ))}" >> "$OUT/results.jsonl"
  echo "trained $name" >&2
}

evaluate() {
  local result
  result=$("$LOUPE" eval retrieval --model "$OUT/runs/$1/final" --data "$F" --split test --json --no-cache)
  echo "{\"run\": \"$1\", \"suite\": \"retrieval\", \"result\": $result}" >> "$OUT/results.jsonl"
}

if run base "{
  \"objective\": {\"name\": \"infonce\"}, \"model\": {\"architecture\": \"tiny\"},
  \"data\": {\"train\": \"$F/captions.csv\", \"eval\": \"$F/captions.csv\"},
  \"optimizer\": {\"lr\": 0.001}, \"schedule\": {\"warmup\": 100},
  \"batch_size\": 64, \"steps\": $BASE_STEPS, \"eval_every\": 500, \"checkpoint_every\": 500, \"out\": \"$OUT/runs/base\"
}"; then evaluate base; fi

heads() {  # heads NAME HEADS FUSION WEIGHTS SCHEDULE [SUM_VIOLATION_WARMUP]
  [[ " ${ROWS:-cvse heads4 mhcvse} " == *" $1 "* ]] || return 0
  if run "$1" "{
  \"objective\": {\"name\": \"mhcvse\"}, \"model\": {\"init\": \"$OUT/runs/base/final\"},
  \"data\": {\"train\": \"$F/captions.csv\", \"eval\": \"$F/captions.csv\", \"eval_split\": \"$F/test.txt\"},
  \"mhcvse\": {\"embed_size\": 128, \"heads\": $2, \"fusion\": \"$3\", \"loss_weights\": \"$4\", \"sum_violation_warmup\": ${6:-$((HEAD_STEPS / 5))}},
  \"optimizer\": {\"lr\": 0.0005, \"betas\": [0.9, 0.999], \"eps\": 1e-8, \"weight_decay\": 0, \"grad_clip\": 2},
  \"schedule\": {\"name\": \"$5\", \"step_every\": $((HEAD_STEPS / 2)), \"gamma\": 0.1},
  \"batch_size\": 64, \"steps\": $HEAD_STEPS, \"eval_every\": $HEAD_STEPS, \"checkpoint_every\": 500, \"out\": \"$OUT/runs/$1\"
}"; then evaluate "$1"; fi
}
heads cvse 1 fixed fixed step
heads heads4 4 fixed fixed step
heads mhcvse 4 learned dynamic cosine
# Diagnostic rows (ROWS="heads4-sum"): VSE++'s sum of violations for the whole run, no max violation.
heads heads4-sum 4 fixed fixed step "$HEAD_STEPS"

python3 - "$OUT" <<'PY' > "$OUT/table.md"
import json, sys
out = sys.argv[1]
import os
rows = {}
for l in open(f"{out}/results.jsonl"):
    if l.strip():
        r = json.loads(l)
        rows[(r["run"], r["suite"])] = r  # a rerun's line replaces the earlier one
def seconds(run):
    log = f"{out}/runs/{run}/metrics.jsonl"
    return sum(json.loads(l).get("step_seconds", 0) for l in open(log) if l.strip()) if os.path.exists(log) else 0
labels = {"base": "base CLIP, pooled embedding (InfoNCE from scratch)", "cvse": "cvse: 1 head, fixed fusion, fixed weights, step",
          "heads4": "heads 4 (else cvse)", "heads4-sum": "heads 4, sum of violations throughout (no max violation)", "mhcvse": "MH-CVSE: 4 heads, learned fusion, dynamic weights, cosine"}
names = ["i2t_r1", "i2t_r5", "i2t_r10", "t2i_r1", "t2i_r5", "t2i_r10"]
print("| model | " + " | ".join(n.replace("_r", " R@") for n in names) + " | rsum | train time |")
print("|---|" + "---|" * len(names) + "---|---|")
for r in rows.values():
    if r["suite"] != "retrieval": continue
    m = r["result"]["metrics"]
    cells = [f"{100 * m[n]:.1f}" for n in names]
    print(f"| {labels.get(r['run'], r['run'])} | " + " | ".join(cells) + f" | {m['rsum']:.1f} | {seconds(r['run']) / 60:.1f} min |")
PY
cat "$OUT/table.md"
