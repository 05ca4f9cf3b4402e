#!/usr/bin/env bash
# `npm test`: make sure everything the tests need is here, then type-check and run every tier:
# the web app's unit tests, then unit, API, end-to-end, fault and browser tests.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests || exit 1
[ -f web/dist/index.html ] || npm run build:web || exit 1
npx tsc -p tsconfig.json --noEmit || exit 1
npm run -s typecheck -w web || exit 1
npm run -s test -w web -- --reporter=dot || exit 1

report="$(mktemp -d)/vitest.json"
npx vitest run --reporter=default --reporter=json --outputFile.json="$report" "$@"
status=$?
# One plain closing line for CI ("N passed, N failed"), from vitest's own JSON report.
node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`${r.numPassedTests} passed, ${r.numFailedTests} failed`);
' "$report" 2>/dev/null || true
exit $status
