#!/usr/bin/env bash
# README's first command: install what is needed, build, and serve the demo publication with the
# embedded SQLite store on http://127.0.0.1:8080 (data in ./data). Extra arguments go to `serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --runtime-only
TRIBUNE_CMAKE_FLAGS="-DTRIBUNE_WERROR=OFF" scripts/build.sh release tribune
exec build/tribune serve --listen "${TRIBUNE_LISTEN:-127.0.0.1:8080}" --data "${TRIBUNE_DATA:-./data}" "$@"
