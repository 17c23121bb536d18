#!/usr/bin/env bash
# Formats the Swift code with swift-format (part of the toolchain) and .swift-format's
# settings; --check changes nothing and fails, naming the files, when any is unformatted.
set -euo pipefail
cd "$(dirname "$0")/.."
paths=(Sources Tests Plugins Package.swift)
if [[ "${1:-}" == "--check" ]]; then
  if ! swift format lint --strict --recursive --parallel "${paths[@]}"; then
    echo "format: the files above are not formatted; run scripts/format.sh" >&2
    exit 1
  fi
else
  swift format --in-place --recursive --parallel "${paths[@]}"
fi
