#!/usr/bin/env bash
# `npm test`: make sure everything the tests need is here, then type-check and run every tier.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --tests
[ -f web/dist/index.html ] || npm run build:web
npx tsc -p tsconfig.json --noEmit
npx vitest run "$@"
