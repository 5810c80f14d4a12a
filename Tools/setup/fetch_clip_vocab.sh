#!/usr/bin/env bash
# Put CLIP's BPE vocabulary (bpe_simple_vocab_16e6.txt.gz) into the Loupe cache, where the
# `Tokenizers` target looks for it by default. Idempotent: does nothing when the file is
# present with the right checksum. Called by `make setup`.
#
#   LOUPE_CACHE        cache directory (default ~/.cache/loupe); the file goes to
#                      $LOUPE_CACHE/clip/bpe_simple_vocab_16e6.txt.gz
#   CLIP_VOCAB_SOURCE  optional local copy to install instead of downloading (offline use)
#   PYTHON             Python with pip used to download the open_clip wheel (default python3)
#
# The file is taken from the pinned open_clip_torch wheel on PyPI (it is byte-identical to
# openai/CLIP's clip/bpe_simple_vocab_16e6.txt.gz) and checked against its SHA-256.
set -euo pipefail

OPEN_CLIP_VERSION="3.3.0"
MEMBER="open_clip/bpe_simple_vocab_16e6.txt.gz"
SHA256="924691ac288e54409236115652ad4aa250f48203de50a9e4722a6ecd48d6804a"
CACHE="${LOUPE_CACHE:-$HOME/.cache/loupe}"
DEST="$CACHE/clip/bpe_simple_vocab_16e6.txt.gz"
PYTHON="${PYTHON:-python3}"

verify() {
    echo "$SHA256  $1" | sha256sum --check --status -
}

if [ -f "$DEST" ] && verify "$DEST"; then
    echo "setup: CLIP vocabulary present ($DEST)"
    exit 0
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if [ -n "${CLIP_VOCAB_SOURCE:-}" ]; then
    cp "$CLIP_VOCAB_SOURCE" "$tmp/vocab.gz"
else
    echo "setup: downloading open_clip_torch==$OPEN_CLIP_VERSION to extract the CLIP vocabulary"
    "$PYTHON" -m pip download --quiet --no-deps --only-binary=:all: \
        --dest "$tmp" "open_clip_torch==$OPEN_CLIP_VERSION"
    wheel="$(find "$tmp" -maxdepth 1 -name 'open_clip_torch-*.whl' | head -n 1)"
    if [ -z "$wheel" ]; then
        echo "setup: pip did not produce an open_clip_torch wheel" >&2
        exit 1
    fi
    if command -v unzip > /dev/null; then
        unzip -p "$wheel" "$MEMBER" > "$tmp/vocab.gz"
    else
        "$PYTHON" - "$wheel" "$MEMBER" "$tmp/vocab.gz" <<'PY'
import sys
import zipfile

with zipfile.ZipFile(sys.argv[1]) as wheel:
    data = wheel.read(sys.argv[2])
with open(sys.argv[3], "wb") as out:
    out.write(data)
PY
    fi
fi

if ! verify "$tmp/vocab.gz"; then
    echo "setup: CLIP vocabulary checksum mismatch (expected sha256 $SHA256)" >&2
    exit 1
fi
mkdir -p "$(dirname "$DEST")"
mv "$tmp/vocab.gz" "$DEST.partial"
mv "$DEST.partial" "$DEST"
echo "setup: installed CLIP vocabulary at $DEST"
