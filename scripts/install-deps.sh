#!/usr/bin/env bash
# Installs every Debian package Tribune needs to build, run, test and benchmark (bookworm).
# Idempotent: does nothing when everything is already there. Needs root (or sudo).
set -euo pipefail

PACKAGES=(
    build-essential cmake ninja-build ccache pkg-config
    libboost1.81-dev libboost-json1.81-dev
    libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev libfmt-dev libcli11-dev
    libtomlplusplus-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgtest-dev
    zlib1g-dev libbrotli-dev libicu-dev libvips-dev libexpat1-dev libgumbo-dev libcurl4-openssl-dev libssl-dev
    clang-15 libfuzzer-15-dev llvm-15
    postgresql postgresql-client
    nodejs npm chromium
    fonts-dejavu-core nginx wrk curl procps iproute2 time
    libxml2-utils sqlite3
)
if [[ "${1:-}" == "--runtime-only" ]]; then
    PACKAGES=(build-essential cmake ninja-build ccache pkg-config
        libboost1.81-dev libboost-json1.81-dev libsqlite3-dev libpq-dev libsodium-dev libspdlog-dev
        libfmt-dev libcli11-dev libtomlplusplus-dev libcmark-gfm-dev libcmark-gfm-extensions-dev libgtest-dev
        zlib1g-dev libbrotli-dev libicu-dev libvips-dev libexpat1-dev libgumbo-dev libcurl4-openssl-dev libssl-dev
        postgresql-client)  # pg_dump and pg_restore for `tribune backup` and `restore`
fi

missing=()
for p in "${PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node and npm may come from outside Debian on some machines; keep those if they work.
if command -v node >/dev/null && command -v npm >/dev/null; then
    filtered=()
    for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || filtered+=("$p"); done
    missing=("${filtered[@]}")
fi
if ((${#missing[@]})); then
    echo "installing: ${missing[*]}"
    SUDO=""
    [[ $(id -u) -eq 0 ]] || SUDO="sudo"
    $SUDO apt-get update -q
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
