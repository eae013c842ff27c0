#!/usr/bin/env python3
# SPDX-FileCopyrightText: 2026 IPsec Lab developers
# SPDX-License-Identifier: GPL-3.0-or-later

"""Lists the C++ functions whose body is longer than a limit (default 80 lines).

    tests/function-length.py [--limit 80] [--exclude core/ike] [folder ...]   (default folder: core)

A function's length is counted as clang-tidy's readability-function-size counts its LineThreshold:
the lines from its opening brace to its closing brace. The scan is textual (comments, strings and
character literals blanked, braces matched), so it needs no build: a brace whose head ends in a
parameter list (and qualifiers, a trailing return type or a constructor's initialisers) opens a
function; lambdas and blocks inside a function count towards it. Prints one line per long function,
longest first, and exits 1 when there is any.
"""

import argparse
import pathlib
import re
import sys

KEYWORD_HEADS = re.compile(r"\b(namespace|class|struct|union|enum)\b[^()]*$")
CONTROL_HEADS = re.compile(r"\b(if|for|while|switch|catch|do|else|try)\b\s*(\(.*\))?\s*$", re.S)


def blank(text):
    """Comments, string and character literals replaced by spaces, newlines kept."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c == "R" and text.startswith('R"', i) and (i == 0 or not (text[i - 1].isalnum() or text[i - 1] == "_")):
            m = re.match(r'R"([^(\s]*)\(', text[i:])
            end = text.find(")" + m.group(1) + '"', i) if m else -1
            j = n if end < 0 else end + len(m.group(1)) + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif c in "\"'":
            if c == "'" and i > 0 and text[i - 1].isalnum():  # digit separator: 1'000
                out.append(" ")
                i += 1
                continue
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(" " * (min(j + 1, n) - i))
            i = j + 1
        else:
            out.append(c)
            i += 1
    return "".join(out)


def is_function_head(head):
    head = re.sub(r"\s+", " ", head).strip()
    if not head or ")" not in head or KEYWORD_HEADS.search(head) or CONTROL_HEADS.search(head):
        return False
    if head.endswith("=") or head.endswith("return") or re.search(r"(=|return|\()\s*\[[^\]]*\]", head):
        return False  # an initialiser or a lambda outside a function
    # name(params) [const] [noexcept] [override] [-> type] [: initialisers]
    return re.search(r"[\w>~\]]\s*\(", head) is not None


def functions(path):
    text = blank(path.read_text(encoding="utf-8", errors="replace"))
    stack = []  # (kind, line of the brace, name)
    head_start = 0
    line = 1
    for i, c in enumerate(text):
        if c == "\n":
            line += 1
        elif c == "{":
            inside = any(kind == "function" for kind, _, _ in stack)
            head = text[head_start:i]
            if inside:
                kind = "block"
            elif is_function_head(head):
                kind = "function"
            else:
                kind = "scope"
            name = re.sub(r"\s+", " ", head).strip()[-100:]
            stack.append((kind, line, name))
            head_start = i + 1
        elif c == "}":
            if stack:
                kind, start, name = stack.pop()
                if kind == "function":
                    yield name, start, line, line - start + 1
            head_start = i + 1
        elif c == ";":
            head_start = i + 1
        elif c == ":" and text[head_start:i].strip() in ("public", "private", "protected"):
            head_start = i + 1


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", default=["core"])
    parser.add_argument("--limit", type=int, default=80)
    parser.add_argument("--exclude", action="append", default=[], help="a folder to leave out (repeatable)")
    args = parser.parse_args()
    long = []
    for folder in args.folders:
        for path in sorted(pathlib.Path(folder).rglob("*")):
            if path.suffix not in (".cpp", ".h") or any(str(path).startswith(e.rstrip("/") + "/") for e in args.exclude):
                continue
            for name, start, end, length in functions(path):
                if length > args.limit:
                    long.append((length, f"{path}:{start}-{end}", name))
    for length, where, name in sorted(long, reverse=True):
        print(f"{length:4} {where}  {name}")
    print(f"{len(long)} function(s) longer than {args.limit} lines", file=sys.stderr)
    return 1 if long else 0


if __name__ == "__main__":
    sys.exit(main())
