#!/usr/bin/env bash
# Training on COCO photos (issue #8, deliverable 4). The kit has 1,128 local COCO val2017 images;
# coco_split.py halves them by id (564 train images / 2,823 pairs, 564 held out), so nothing is
# scored on an image it trained on. Runs (dual objective, tiny image tower, 64 px):
#   coco-clip            CLIP text tower from scratch, COCO train half only
#   coco-minilm          MiniLM, all layers at lr × 0.01 after 50 frozen steps, COCO train half only
#   flickr-then-coco     the Flickr8k run flickr-minilm-full-slow (semantic_guidance.sh), fine-tuned on the COCO half
#   flickr-only          that Flickr8k run as it is (transfer, no COCO training)
# Each is scored on the held-out half: retrieval (564 images × 2,8xx captions), SugarCrepe (cases
# whose image is held out) and HierarCaps (the held-out half's chains). Writes OUT/results.jsonl, OUT/table.md.
#
#   Tools/experiments/coco.sh   (after: OUT=out/semantic-guidance/flickr Tools/experiments/semantic_guidance.sh flickr)
set -euo pipefail
LOUPE=${LOUPE:-.build/release/loupe}
OUT=${OUT:-out/coco}
DATA=${DATA:-../shared/data}
FLICKR_RUN=${FLICKR_RUN:-out/semantic-guidance/flickr/runs/flickr-minilm-full-slow/final}
MINILM=${MINILM:-${LOUPE_CACHE:-$HOME/.cache/loupe}/sentence-encoders/all-MiniLM-L6-v2}
STEPS=${STEPS:-400}
python3 "$(dirname "$0")/coco_split.py" "$DATA" "$OUT"
SLOW="{\"kind\": \"sentence\", \"sentence_encoder\": \"$MINILM\", \"trainable\": \"full\", \"lr_scale\": 0.01, \"frozen_steps\": 50}"

train() {  # train NAME TEXT_TOWER_JSON MODEL_JSON LR
  local dir="$OUT/runs/$1"
  if [[ -f $dir/final/loupe_model.json ]]; then echo "reusing $dir/final" >&2; return; fi
  mkdir -p "$dir"
  cat > "$dir/config.json" <<JSON
{
  "objective": {"name": "dual"}, "model": $3, "text_tower": $2,
  "data": {"train": "$OUT/train.jsonl", "eval": "$OUT/test.jsonl"},
  "optimizer": {"lr": $4}, "schedule": {"warmup": 20},
  "batch_size": 32, "steps": $STEPS, "eval_every": $STEPS, "checkpoint_every": $STEPS, "out": "$dir"
}
JSON
  local start=$(date +%s)
  "$LOUPE" train --config "$dir/config.json" 2> "$dir/train.log" > /dev/null
  echo "{\"run\": \"$1\", \"suite\": \"train\", \"seconds\": $(( $(date +%s) - start ))}" >> "$OUT/results.jsonl"
  echo "trained $1" >&2
}

evaluate() {  # evaluate NAME MODEL_DIR
  local r
  r=$("$LOUPE" eval retrieval --model "$2" --data "$OUT/test.jsonl" --json --no-cache)
  echo "{\"run\": \"$1\", \"suite\": \"retrieval\", \"result\": $r}" >> "$OUT/results.jsonl"
  r=$("$LOUPE" eval sugarcrepe --model "$2" --data "$DATA/sugarcrepe" --images "$OUT/test-images" --json --no-cache)
  echo "{\"run\": \"$1\", \"suite\": \"sugarcrepe\", \"result\": $r}" >> "$OUT/results.jsonl"
  r=$("$LOUPE" eval hierarcaps --model "$2" --data "$OUT/hierarcaps/hierarcaps_test.csv" --images "$DATA/coco-hierarcaps/test_imgs" --json --no-cache)
  echo "{\"run\": \"$1\", \"suite\": \"hierarcaps\", \"result\": $r}" >> "$OUT/results.jsonl"
}

train coco-clip '{"kind": "clip"}' '{"architecture": "tiny"}' 0.001
evaluate coco-clip "$OUT/runs/coco-clip/final"
train coco-minilm "$SLOW" '{"architecture": "tiny"}' 0.001
evaluate coco-minilm "$OUT/runs/coco-minilm/final"
train flickr-then-coco "$SLOW" "{\"init\": \"$FLICKR_RUN\"}" 0.0005
evaluate flickr-then-coco "$OUT/runs/flickr-then-coco/final"
evaluate flickr-only "$FLICKR_RUN"
python3 "$(dirname "$0")/coco_table.py" "$OUT/results.jsonl" > "$OUT/table.md"
cat "$OUT/table.md"
