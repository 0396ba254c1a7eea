#!/usr/bin/env python3
"""Generates the apply/rollback benchmark's corpus: a git repository of FILES C++-like
source files and a unified diff touching every file whose total length is about
PATCH_LINES lines (hunks of context + changed lines spread through each file).

Each line ends in a comment of random words and digits, so a file compresses about as
well as real C++ does (zstd -1: 5x; the files of this repository and libstdc++'s
headers: 4.5x): tarscli stores compressed copies, and a corpus of identical lines
(27x) would flatter it."""
import os
import random
import subprocess
import sys

WORDS = ("value index count total result buffer offset length state parse token node "
         "entry cache lookup insert remove update flush check").split()

root, files, patch_lines = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
lines_per_file = 400
hunks_per_file = max(1, round((patch_lines / files - 5) / 9))  # a hunk is 9 patch lines, a file header 5

os.makedirs(root, exist_ok=True)
for i in range(files):
    directory = os.path.join(root, f"src/module{i % 40:02d}")
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, f"file{i:04d}.cpp"), "w") as out:
        rng = random.Random(i)
        for n in range(lines_per_file):
            comment = " ".join(rng.choice(WORDS) for _ in range(4)) + f" {rng.getrandbits(32):08x}"
            out.write(f"int function_{i}_{n}(int value) {{ return value * {n} + {i}; }}  // {comment}\n")

git = lambda *args: subprocess.run(["git", "-C", root, *args], check=True, capture_output=True)
git("init", "-q")
git("add", "-A")
git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "corpus")

step = lines_per_file // hunks_per_file
for i in range(files):
    path = os.path.join(root, f"src/module{i % 40:02d}", f"file{i:04d}.cpp")
    with open(path) as f:
        content = f.readlines()
    for h in range(hunks_per_file):
        n = h * step + step // 2
        content[n] = content[n].replace("return value", "return (value + 1)")
    with open(path, "w") as f:
        f.writelines(content)
diff = subprocess.run(["git", "-C", root, "diff"], check=True, capture_output=True).stdout
git("checkout", "-q", ".")
with open(os.path.join(os.path.dirname(root.rstrip("/")), "corpus.patch"), "wb") as f:
    f.write(diff)
patch_line_count = diff.count(b"\n")
print(f"{files} files, {patch_line_count} patch lines")
