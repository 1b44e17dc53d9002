#!/usr/bin/env bash
# Renders the sample report's emails (sales, marketing, an alert, a "no data" note; English and Spanish) in
# headless Chromium at 375 px (a phone) and 640 px (a reading pane) and writes the screenshots the documentation
# shows to docs/screenshots/ (or to $1), as <email>-<width>.png.
# Needs Debian's chromium (apt-get install -y chromium) or $LEADLOOP_CHROMIUM; it is the same JUnit test that
# `mvn verify` runs (EmailScreenshotTest), pointed at the docs.
set -euo pipefail
cd "$(dirname "$0")/.."
out="${1:-docs/screenshots}"
if [ -z "${LEADLOOP_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "chromium is not installed: apt-get install -y chromium (or set LEADLOOP_CHROMIUM)" >&2
  exit 1
fi
if [ ! -f node_modules/aws-ses-v2-local/package.json ]; then
  npm ci --no-audit --no-fund >&2
fi
mvn -B -q test -Dtest=EmailScreenshotTest -Dsurefire.failIfNoSpecifiedTests=false -Dleadloop.screenshots.dir="$PWD/$out"
ls -1 "$out"/*.png
