#!/usr/bin/env bash
# Issue 15: the HTML report of `plexus train --report` renders in headless Chromium (Debian's
# chromium) with networking cut off: the page is not blank (screenshot), its DOM holds at least
# three charts (SVG elements) and its test results, and the file names nothing to fetch from
# the network (no http(s) or protocol-relative URL in a src, href, url() or @import).
# PLEXUS_REPORT_SCREENSHOT=path keeps the screenshot. About 30 s.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v chromium >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq
        apt-get install -y -qq chromium >/dev/null
    else
        echo "report: Debian's chromium is not installed" >&2
        exit 1
    fi
fi

source .ci/plexus-binary.sh  # sets binary

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
report="$work/report.html"
"$binary" train --epochs 8 --validation-split 0.1 --report "$report" --logdir "$work/logs" --quiet >/dev/null

fail=0
if grep -Eiq "(src|href)[[:space:]]*=[[:space:]]*[\"']?[[:space:]]*(https?:)?//" "$report" \
    || grep -Eiq "@import|url\([[:space:]]*[\"']?[[:space:]]*(https?:)?//" "$report"; then
    echo "FAIL the report refers to something on the network:" >&2
    grep -Eio ".{0,40}(src|href|url\(|@import)[^>]{0,80}" "$report" | grep -Ei "//" | head -5 >&2
    fail=1
fi

# No network at all for the browser: every host name fails to resolve and every request goes
# to a closed proxy port.
chromium_run() {
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run \
        --host-resolver-rules="MAP * ~NOTFOUND" --proxy-server="127.0.0.1:9" --proxy-bypass-list="<-loopback>" \
        --user-data-dir="$work/profile" "$@" "file://$report" 2>>"$work/chromium.log"
}
chromium_run --dump-dom >"$work/dom.html"
charts=$(grep -o "<svg" "$work/dom.html" | wc -l)
echo "report: $(wc -c <"$report") bytes, $charts SVG elements in the rendered page"
if [ "$charts" -lt 3 ]; then echo "FAIL fewer than three charts rendered" >&2; fail=1; fi
if ! grep -q "Test results" "$work/dom.html"; then echo "FAIL the rendered page has no test results" >&2; fail=1; fi

chromium_run --screenshot="$work/report.png" --window-size=1280,2400 --hide-scrollbars >/dev/null
python3 .ci/report/check_png.py "$work/report.png" || fail=1
if [ -n "${PLEXUS_REPORT_SCREENSHOT:-}" ]; then cp "$work/report.png" "$PLEXUS_REPORT_SCREENSHOT"; fi
if [ "$fail" -ne 0 ]; then
    tail -n 20 "$work/chromium.log" >&2 || true
    exit 1
fi
echo "report: renders in headless Chromium, not blank, nothing fetched"
