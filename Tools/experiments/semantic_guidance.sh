#!/usr/bin/env bash
# Semantic-guidance ablation (METHODS.md §1, issue #8): a CLIP image tower from scratch trained with
# plain InfoNCE against three text towers — the CLIP text transformer from scratch, all-MiniLM-L6-v2
# frozen, and MiniLM with its top 2 layers fine-tuned — on
#   (a) the synthetic world with sparse vs dense captions (data.caption_field), and
#   (b) Flickr8k (6k train images / 30k pairs, 64 px), evaluated on Flickr8k-1K.
# Two more towers fine-tune MiniLM at its own learning rate: minilm-top2-slow (lr_scale 0.01) and
# minilm-full-slow (all layers, lr_scale 0.01, frozen for the first 50 steps); they are not in the
# default TOWERS, so name them: TOWERS="minilm-top2-slow minilm-full-slow".
# The Flickr8k runs are also scored on the real-image COCO suites (SugarCrepe with the kit's COCO
# images, HierarCaps) unless COCO_SUITES=0.
# Writes OUT/results.jsonl (one line per run and suite) and OUT/tables.md.
#
#   swift build -c release --product loupe
#   Tools/experiments/semantic_guidance.sh            # both test beds
#   Tools/experiments/semantic_guidance.sh world      # only (a);  ... flickr  only (b)
#   TOWERS=clip FIELDS=caption Tools/experiments/semantic_guidance.sh world   # one cell (runs can go in parallel)
set -euo pipefail
LOUPE=${LOUPE:-.build/release/loupe}
OUT=${OUT:-out/semantic-guidance}
DATA=${DATA:-../shared/data}
MINILM=${MINILM:-${LOUPE_CACHE:-$HOME/.cache/loupe}/sentence-encoders/all-MiniLM-L6-v2}
WORLD_TRAIN=${WORLD_TRAIN:-1500}
WORLD_TEST=${WORLD_TEST:-300}
WORLD_STEPS=${WORLD_STEPS:-200}
FLICKR_STEPS=${FLICKR_STEPS:-300}
BATCH=${BATCH:-32}
TOWERS=${TOWERS:-clip minilm-frozen minilm-top2}
FIELDS=${FIELDS:-sparse_caption caption}
WHAT=${1:-all}
mkdir -p "$OUT"

tower_json() {
  case "$1" in
    clip) echo '{"kind": "clip"}' ;;
    minilm-frozen) echo "{\"kind\": \"sentence\", \"sentence_encoder\": \"$MINILM\", \"trainable\": \"frozen\"}" ;;
    minilm-top2) echo "{\"kind\": \"sentence\", \"sentence_encoder\": \"$MINILM\", \"trainable\": \"top_k\", \"unfreeze_top_k\": 2}" ;;
    # The pretrained tower at its own, lower rate (text_tower.lr_scale: 1e-5 against the image tower's 1e-3).
    minilm-top2-slow) echo "{\"kind\": \"sentence\", \"sentence_encoder\": \"$MINILM\", \"trainable\": \"top_k\", \"unfreeze_top_k\": 2, \"lr_scale\": 0.01}" ;;
    # All of MiniLM at the lower rate after a frozen warm-up (text_tower.frozen_steps).
    minilm-full-slow) echo "{\"kind\": \"sentence\", \"sentence_encoder\": \"$MINILM\", \"trainable\": \"full\", \"lr_scale\": 0.01, \"frozen_steps\": 50}" ;;
  esac
}

# train NAME TOWER TRAIN EVAL CAPTION_FIELD STEPS EXTRA_DATA_JSON
train() {
  local name=$1 tower=$2 train=$3 eval=$4 field=$5 steps=$6 extra=${7:-}
  local run="$OUT/runs/$name"
  if [[ -f $run/final/loupe_model.json ]]; then echo "reusing $run/final" >&2; return; fi
  mkdir -p "$run"
  cat > "$run/config.json" <<JSON
{
  "objective": {"name": "dual"},
  "model": {"architecture": "tiny"},
  "text_tower": $(tower_json "$tower"),
  "data": {"train": "$train", "eval": "$eval", "caption_field": "$field"$extra},
  "optimizer": {"lr": 0.001},
  "schedule": {"warmup": 20},
  "batch_size": $BATCH, "steps": $steps, "eval_every": $steps, "checkpoint_every": $steps,
  "out": "$run"
}
JSON
  local start=$(date +%s)
  "$LOUPE" train --config "$run/config.json" 2> "$run/train.log" > /dev/null
  local seconds=$(( $(date +%s) - start ))
  echo "{\"run\": \"$name\", \"suite\": \"train\", \"seconds\": $seconds, \"steps\": $steps, \"batch\": $BATCH}" >> "$OUT/results.jsonl"
  echo "trained $name in ${seconds}s" >&2
}

# evaluate NAME SUITE DATA [ARGS...]
evaluate() {
  local name=$1 suite=$2 data=$3
  shift 3
  local result
  result=$("$LOUPE" eval "$suite" --model "$OUT/runs/$name/final" --data "$data" --json --no-cache "$@")
  echo "{\"run\": \"$name\", \"suite\": \"$suite\", \"result\": $result}" >> "$OUT/results.jsonl"
}

if [[ $WHAT == all || $WHAT == world ]]; then
  W="$OUT/world"
  [[ -f $W/train.jsonl ]] || "$LOUPE" synth --out "$W" --seed 0 --train "$WORLD_TRAIN" --test "$WORLD_TEST" --size 64 > /dev/null
  for field in $FIELDS; do
    for tower in $TOWERS; do
      name="world-$field-$tower"
      train "$name" "$tower" "$W/train.jsonl" "$W/test.jsonl" "$field" "$WORLD_STEPS"
      evaluate "$name" retrieval "$W/test.jsonl" --images "$W"
      evaluate "$name" sugarcrepe "$W/sugarcrepe" --images "$W"
    done
  done
fi

if [[ $WHAT == all || $WHAT == flickr ]]; then
  F="$DATA/flickr8k"
  for tower in $TOWERS; do
    name="flickr-$tower"
    train "$name" "$tower" "$F/captions.csv" "$F/captions.csv" caption "$FLICKR_STEPS"
    evaluate "$name" retrieval "$F" --split test
    if [[ ${COCO_SUITES:-1} == 1 ]]; then
      evaluate "$name" sugarcrepe "$DATA/sugarcrepe" --images "$DATA/coco-mini/val2017" --images "$DATA/coco-hierarcaps/test_imgs"
      evaluate "$name" hierarcaps "$DATA/coco-hierarcaps"
    fi
  done
fi
python3 "$(dirname "$0")/semantic_guidance_tables.py" "$OUT/results.jsonl" > "$OUT/tables.md"
cat "$OUT/tables.md"
