#!/usr/bin/env bash
# Adds an SPDX header (who holds the copyright, which licence) to the first lines of every tracked
# source file of an IPsec Lab checkout, in each file type's own comment syntax:
#   C++ (.cpp .h), JavaScript (.js)      // SPDX-FileCopyrightText: … / // SPDX-License-Identifier: …
#   CSS (.css)                           /* … */
#   CMake, shell, Python, conf, YAML…    # …, after a shebang (and a Python coding line)
#   XML (.ui .qrc .xml .xml.in .svg)     <!-- … -->, after the <?xml …?> declaration
#   Markdown                             <!-- … --> at the top (hidden when rendered)
#   manual page (.1)                     .\" …
# The licence follows installer/copyright (DEP-5): lessons/ and the teacher's guide CC-BY-SA-4.0, the AppStream metadata
# CC0-1.0, everything else GPL-3.0-or-later. A file that has the identifier line alone gets the
# copyright line above it. Files that cannot hold a comment (JSON, images,
# captures, the Debian changelog, fuzz corpora) and the licence texts are left alone and listed:
# the DEP-5 file covers them. Idempotent: a file with SPDX-License-Identifier in its first 10 lines
# is not touched again.
#   spdx-headers.sh [CHECKOUT]     (default: the git checkout around the current directory)
# Exit status: 0 done, 1 some tracked file has a type this script does not know (listed; nothing
# was changed in it), 2 bad usage.
set -euo pipefail
[ $# -le 1 ] || { echo "usage: $0 [CHECKOUT]" >&2; exit 2; }
root=$(git -C "${1:-.}" rev-parse --show-toplevel)
cd "$root"

# The program reads the file list on its standard input, so it comes as an argument.
read -r -d '' program <<'PY' || true
import os, re, sys

HOLDER = "2026 IPsec Lab developers"

def licence(path):
    if path.startswith("lessons/") or path == "docs/teacher-guide.md":
        return "CC-BY-SA-4.0"
    if re.fullmatch(r"resources/[^/]+\.metainfo\.xml(\.in)?", path):
        return "CC0-1.0"
    return "GPL-3.0-or-later"

# Left to installer/copyright: no comment syntax, or not ours to mark.
LEFT_ALONE = [
    r"LICENSE", r"LICENSES/.*", r"installer/copyright", r"installer/changelog\.in",
    r".*\.json", r".*\.png", r".*\.pcapng", r"tests/fuzz/regressions/fuzz_[^/]+/.*",
]

def style(path, first_line):
    name = os.path.basename(path)
    if re.search(r"\.(cpp|cc|cxx|h|hpp|js)$", name):
        return "cpp"
    if name.endswith(".css"):
        return "css"
    if re.search(r"\.(ui|qrc|xml|xml\.in|svg)$", name):
        return "xml"
    if name.endswith(".md"):
        return "markdown"
    if re.search(r"\.[1-8]$", name):
        return "troff"
    if (name == "CMakeLists.txt" or name in (".gitignore", ".clang-format", "index.txt")
            or re.search(r"\.(cmake|sh|py|conf|conf\.in|supp|desktop|ya?ml|dict)$", name)
            or first_line.startswith("#!")):
        return "hash"
    return None

def header_lines(kind, spdx):
    lines = ["SPDX-FileCopyrightText: " + HOLDER, "SPDX-License-Identifier: " + spdx]
    if kind == "cpp":
        return ["// " + l for l in lines]
    if kind == "hash":
        return ["# " + l for l in lines]
    if kind == "troff":
        return ['.\\" ' + l for l in lines]
    if kind == "css":
        return ["/* " + l + " */" for l in lines]
    return ["<!-- " + l + " -->" for l in lines]  # xml, markdown

def insert_at(kind, lines):
    """Where the header goes: after what must stay first in the file."""
    at = 0
    if kind == "hash" and lines and lines[0].startswith("#!"):
        at = 1
        if len(lines) > 1 and re.match(r"#.*coding[:=]", lines[1]):  # PEP 263 wants line 1 or 2
            at = 2
    elif kind == "xml" and lines and lines[0].startswith("<?xml"):
        at = 1
    elif kind == "troff" and lines and lines[0].startswith("'\\\""):  # preprocessor hint stays first
        at = 1
    return at

# A blank line sets the header apart from the file's own first comment; not in XML (the comments
# read as one block) nor in troff (a blank line is output there).
SPACED = ("cpp", "hash", "markdown")

paths = [p for p in sys.stdin.buffer.read().decode().split("\0") if p]
added, completed, had, left, unknown = [], [], [], [], []
for path in paths:
    if any(re.fullmatch(p, path) for p in LEFT_ALONE):
        left.append(path)
        continue
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data:
        left.append(path)
        continue
    text = data.decode("utf-8")
    lines = text.split("\n")
    kind = style(path, lines[0] if lines else "")
    marked = [i for i, l in enumerate(lines[:10]) if "SPDX-License-Identifier:" in l]
    if marked:
        # Some files were given the identifier alone: add the copyright line above it, in its syntax.
        if kind is not None and not any("SPDX-FileCopyrightText:" in l for l in lines[:10]):
            lines.insert(marked[0], header_lines(kind, licence(path))[0])
            after = marked[0] + 2
            if kind in SPACED and lines[after:after + 1] != [""]:
                lines.insert(after, "")
            with open(path, "wb") as f:
                f.write("\n".join(lines).encode("utf-8"))
            completed.append(path)
        else:
            had.append(path)
        continue
    if kind is None:
        unknown.append(path)
        continue
    at = insert_at(kind, lines)
    new = header_lines(kind, licence(path))
    if kind in SPACED and text.strip() and lines[at:at + 1] != [""]:
        new.append("")
    lines[at:at] = new
    with open(path, "wb") as f:
        f.write("\n".join(lines).encode("utf-8"))
    added.append(path)

print(f"spdx-headers: {len(added)} files given a header, {len(completed)} given the copyright line "
      f"their identifier lacked, {len(had)} had both, "
      f"{len(left)} left to installer/copyright (DEP-5)")
for p in left:
    print("  left alone: " + p)
for p in unknown:
    print("  UNKNOWN TYPE, not changed: " + p, file=sys.stderr)
sys.exit(1 if unknown else 0)
PY
git ls-files -z | python3 -c "$program"
