#!/usr/bin/env bash
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

# Checks C++ files against .clang-format without changing them (clang-format --dry-run -Werror).
#   tests/format-check.sh          every tracked .cpp and .h file
#   tests/format-check.sh BASE     the .cpp and .h files that differ from revision BASE (committed or
#                                  not; deleted ones skipped), e.g. origin/main or $(git merge-base origin/main HEAD)
# Exit status: 0 all formatted, 1 some file is not (each named with its first places to change;
# `clang-format -i FILE` fixes it), 2 bad usage or no clang-format 14. CLANG_FORMAT names another binary of version 14.
set -euo pipefail
cd "$(dirname "$0")/.."

[ $# -le 1 ] || { echo "usage: $0 [BASE]" >&2; exit 2; }

# Another major version formats differently, so the check insists on the one the style was made for.
clang_format=${CLANG_FORMAT:-$(command -v clang-format-14 || command -v clang-format || true)}
[ -n "$clang_format" ] || { echo "format-check: clang-format 14 is missing (installer/deps.sh --test installs it)" >&2; exit 2; }
version=$("$clang_format" --version 2>&1 || true)
[[ "$version" =~ version\ 14\. ]] || { echo "format-check: $clang_format is not version 14: $version" >&2; exit 2; }

files=()
if [ $# -eq 0 ]; then
    while IFS= read -r -d '' f; do files+=("$f"); done < <(git ls-files -z -- '*.cpp' '*.h')
    what="tracked C++ files"
else
    git rev-parse --verify --quiet "$1^{commit}" >/dev/null || { echo "format-check: $1 is not a revision" >&2; exit 2; }
    while IFS= read -r -d '' f; do files+=("$f"); done < <(git diff -z --name-only --diff-filter=d "$1" -- '*.cpp' '*.h')
    what="C++ files changed since $1"
fi
if [ ${#files[@]} -eq 0 ]; then echo "format-check: no $what"; exit 0; fi

if printf '%s\0' "${files[@]}" | xargs -0 "$clang_format" --style=file --dry-run -Werror --ferror-limit=3; then
    echo "format-check: ${#files[@]} $what formatted"
else
    echo "format-check: some of the ${#files[@]} $what are not formatted (above); clang-format -i FILE fixes one" >&2
    exit 1
fi
