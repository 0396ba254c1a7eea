#!/usr/bin/env python3
"""Generates the apply/rollback benchmark's corpus: a git repository of FILES source
files and a unified diff (beside ROOT, as corpus.patch) touching every file.

  make_patch_corpus.py ROOT FILES PATCH_LINES [--shape long|short] [--language cpp|python|mixed]

Shapes:
  long   400 lines of about 100 bytes per file in 40 directories; the patch has about
         PATCH_LINES lines, as separate hunks spread through each file (33 per file for
         2,000 files and 600,000 patch lines).
  short  300 lines of about 60 bytes (18 KB) per file in 20 directories; every 7th line
         changes, so each file's hunks merge into one (PATCH_LINES is not used).
Languages: C++ (.cpp), Python (.py, every file valid), or mixed (a third each of C++,
Python and JSON files).

Each line ends in a comment (in JSON, a string) of random words and digits, so a file
compresses about as well as real code does (zstd -1: 5x; the files of this repository
and libstdc++'s headers: 4.5x): tarscli stores compressed copies, and a corpus of
identical lines (27x) would flatter it."""
import argparse
import os
import random
import subprocess

WORDS = ("value index count total result buffer offset length state parse token node "
         "entry cache lookup insert remove update flush check").split()

SHAPES = {  # lines per file, directories, words per comment, short names
    "long": (400, 40, 4, False),
    "short": (300, 20, 1, True),
}


def comment(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words)) + f" {rng.getrandbits(32):08x}"


def name_and_term(i, n, short):
    return (f"f{i}_{n}", f"{n}") if short else (f"function_{i}_{n}", f"{n} + {i}")


def cpp_line(i, n, note, changed, last, short):
    name, term = name_and_term(i, n, short)
    value = "(value + 1)" if changed else "value"
    return f"int {name}(int value) {{ return {value} * {term}; }}  // {note}\n"


def python_line(i, n, note, changed, last, short):
    name, term = name_and_term(i, n, short)
    value = "(value + 1)" if changed else "value"
    return f"def {name}(value): return {value} * {term}  # {note}\n"


def json_line(i, n, note, changed, last, short):
    if n == 0:
        return "[\n"
    if last is True:
        return "]\n"
    comma = "" if last == "before-last" else ","
    value = -n if changed else n
    return f'  {{"name": "{name_and_term(i, n, short)[0]}", "value": {value}, "note": "{note}"}}{comma}\n'


LANGUAGES = {"cpp": [("cpp", cpp_line)], "python": [("py", python_line)],
             "mixed": [("cpp", cpp_line), ("py", python_line), ("json", json_line)]}


def changed_lines(shape, lines, files, patch_lines):
    if shape == "short":
        return {n for n in range(3, lines - 1, 7)}
    hunks = max(1, round((patch_lines / files - 5) / 9))  # a hunk is 9 patch lines, a header 5
    step = lines // hunks
    return {h * step + step // 2 for h in range(hunks)}


def file_text(i, make_line, lines, words, short, changed):
    rng = random.Random(i)
    out = []
    for n in range(lines):
        last = True if n == lines - 1 else ("before-last" if n == lines - 2 else False)
        out.append(make_line(i, n, comment(rng, words), n in changed, last, short))
    return "".join(out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("root")
    parser.add_argument("files", type=int)
    parser.add_argument("patch_lines", type=int)
    parser.add_argument("--shape", choices=sorted(SHAPES), default="long")
    parser.add_argument("--language", choices=sorted(LANGUAGES), default="cpp")
    args = parser.parse_args()
    lines, directories, words, short = SHAPES[args.shape]
    changed = changed_lines(args.shape, lines, args.files, args.patch_lines)
    kinds = LANGUAGES[args.language]

    def path_of(i):
        extension = kinds[i % len(kinds)][0]
        return os.path.join(args.root, f"src/module{i % directories:02d}", f"file{i:04d}.{extension}")

    def write_all(changes):
        for i in range(args.files):
            make_line = kinds[i % len(kinds)][1]
            os.makedirs(os.path.dirname(path_of(i)), exist_ok=True)
            with open(path_of(i), "w") as out:
                out.write(file_text(i, make_line, lines, words, short, changes))

    git = lambda *a: subprocess.run(["git", "-C", args.root, *a], check=True, capture_output=True)
    os.makedirs(args.root, exist_ok=True)
    write_all(set())
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "corpus")
    write_all(changed)
    diff = subprocess.run(["git", "-C", args.root, "diff"], check=True, capture_output=True).stdout
    git("checkout", "-q", ".")
    with open(os.path.join(os.path.dirname(args.root.rstrip("/")), "corpus.patch"), "wb") as f:
        f.write(diff)
    patch_lines = diff.count(b"\n")
    print(f"{args.files} files ({args.shape}, {args.language}), {patch_lines} patch lines")


if __name__ == "__main__":
    main()
