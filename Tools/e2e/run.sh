#!/usr/bin/env bash
# make e2e: a real-browser check of `loupe serve`.
#
# Builds a small library (synthetic scenes rendered by `loupe synth` plus an inspection report)
# with the fixture model, starts `loupe serve` on a free loopback port, opens /?q=... in headless
# Chromium, asserts that the expected results are in the page after its script ran, and saves
# screenshots to out/e2e/ (search.png at desktop size, search-phone.png at phone size).
# Only loopback traffic. Usage: Tools/e2e/run.sh [path/to/loupe]
set -euo pipefail
cd "$(dirname "$0")/../.."
LOUPE=${1:-.build/debug/loupe}
MODEL=Tests/Fixtures/clip/openclip-tiny
OUT=out/e2e
CHROMIUM=${CHROMIUM:-chromium}
WORK=$(mktemp -d "${TMPDIR:-/tmp}/loupe-e2e.XXXXXX")
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT
fail() { echo "e2e: FAIL: $*" >&2; [ -f "$WORK/server.err" ] && tail -n 20 "$WORK/server.err" >&2; exit 1; }
mkdir -p "$OUT"

# 1. A small library: 12 rendered scenes and one document.
"$LOUPE" synth --out "$WORK/world" --train 12 --test 1 --size 160 --seed 7 >/dev/null
mkdir -p "$WORK/site/photos" "$WORK/site/reports"
cp "$WORK"/world/images/*.png "$WORK/site/photos/"
PHRASE="The left flange bolt shows heavy rust"
printf 'Inspection report, bridge 7\n%s.\nThe weld seam on the main girder is intact.\n' "$PHRASE" \
  > "$WORK/site/reports/inspection-report.txt"
"$LOUPE" index "$WORK/site" --model "$MODEL" --db "$WORK/library" >/dev/null 2>"$WORK/index.err" \
  || { cat "$WORK/index.err" >&2; fail "loupe index"; }

# 2. The server on a free loopback port (port 0: the kernel picks; the URL is printed).
"$LOUPE" serve --db "$WORK/library" --model "$MODEL" --host 127.0.0.1 --port 0 \
  >"$WORK/server.out" 2>"$WORK/server.err" &
SERVER_PID=$!
URL=""
for _ in $(seq 1 150); do
  URL=$(grep -o 'http://127\.0\.0\.1:[0-9]*/' "$WORK/server.out" 2>/dev/null | head -n 1 || true)
  [ -n "$URL" ] && curl -fsS "${URL}api/stats" >/dev/null 2>&1 && break
  kill -0 "$SERVER_PID" 2>/dev/null || fail "loupe serve exited"
  sleep 0.2
done
[ -n "$URL" ] || fail "loupe serve did not print its URL"
echo "e2e: server at $URL"

# 3. The browser: the page's script runs the deep-linked search, then the DOM is dumped.
QUERY=$(printf '%s' "$PHRASE" | sed 's/ /%20/g')
PAGE="${URL}?q=${QUERY}"
CHROME_FLAGS=(--headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
  --no-default-browser-check --disable-extensions --user-data-dir="$WORK/chrome" --hide-scrollbars
  --virtual-time-budget=15000)
"$CHROMIUM" "${CHROME_FLAGS[@]}" --window-size=1280,900 --dump-dom "$PAGE" >"$WORK/dom.html" 2>"$WORK/chrome.err" \
  || { tail -n 20 "$WORK/chrome.err" >&2; fail "chromium --dump-dom"; }
cp "$WORK/dom.html" "$OUT/dom.html"
FIRST=$(grep -o 'data-name="[^"]*"' "$WORK/dom.html" | head -n 1 | sed 's/data-name="//; s/"$//')
CARDS=$(grep -o 'data-name="[^"]*"' "$WORK/dom.html" | wc -l)
[ "$FIRST" = "inspection-report.txt" ] || fail "expected inspection-report.txt as the first result, got '${FIRST}' (${CARDS} results; DOM in $OUT/dom.html)"
tr '\n' ' ' <"$WORK/dom.html" | grep -q '<mark>heavy</mark> <mark>rust</mark>' || fail "the passage text with the highlighted query is not in the page"
grep -q 'data-name="[^"]*\.png"' "$WORK/dom.html" || fail "no image result in the page"
grep -q '1 result\|[0-9]* results' "$WORK/dom.html" || fail "no result count in the page"

# 4. Screenshots (desktop and phone widths).
"$CHROMIUM" "${CHROME_FLAGS[@]}" --window-size=1280,900 --screenshot="$OUT/search.png" "$PAGE" >/dev/null 2>>"$WORK/chrome.err" \
  || fail "chromium --screenshot"
"$CHROMIUM" "${CHROME_FLAGS[@]}" --window-size=390,844 --screenshot="$OUT/search-phone.png" "$PAGE" >/dev/null 2>>"$WORK/chrome.err" \
  || fail "chromium --screenshot (phone)"
[ -s "$OUT/search.png" ] || fail "empty screenshot"

# 5. The server logged the browser's requests.
grep -q 'GET /api/search?' "$WORK/server.err" || fail "no access log line for the search"
grep -q 'GET /api/items/[0-9]*/thumbnail' "$WORK/server.err" || fail "the page loaded no thumbnails"
echo "e2e: passed: first result ${FIRST}, ${CARDS} results; screenshots in $OUT/search.png and $OUT/search-phone.png"
