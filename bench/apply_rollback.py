#!/usr/bin/env python3
"""Applies and rolls back a large patch with tarscli and with git apply / git apply -R,
alternating the two in one run, and prints medians and ratios.

  bench/apply_rollback.py [--files 2000] [--patch-lines 600000] [--rounds 5]
                          [--shape long|short|both] [--language cpp|python|mixed] [--no-approve]

The corpus (bench/make_patch_corpus.py): --shape long is 2,000 files of 400 long lines
with 33 separate hunks each; --shape short is 2,000 files of 300 short lines (18 KB) in
20 directories, every 7th line changed, so each file's hunks merge into one; --shape
both (the default) times the two side by side, round by round, and prints them in
columns. --language
python makes them Python files and mixed a third each of C++, Python and JSON: tarscli
then checks the syntax of every changed .py and .json file as part of the execution.

tarscli's "apply" is `improve import` + `execute improvement` (parse, plan, journal the
originals in SQLite, keep each replaced file under .tars/originals/, write atomically,
syncfs, syntax checks); "rollback" is `execute rollback --all` (hash check of every file,
the kept files renamed back). git's are `git apply` and `git apply -R` on a copy of the
same repository. Each command starts after a sync(), from files that are on disk, and
every tarscli round starts without .tars/, as a first import does (a re-import finds the
base contents already stored).

An execution frees the replaced files' blocks only when it is approved (or never, when it
is rolled back), so the same number of rounds also times execute + approve
(`execute review --approve`), for the whole cost of an apply that is kept.
"""
import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
TARSCLI = os.environ.get("TARSCLI", os.path.join(HERE, "..", "build", "cli", "tarscli"))


def timed(args, cwd=None):
    # Every command starts with everything on disk, as a person's files are: otherwise
    # a command is timed on files the previous one left dirty in the page cache (cheap to
    # replace) and pays for writing back the previous command's data.
    os.sync()
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed, result.stdout


KEYS = ("git apply", "git apply -R", "tars import", "tars execute", "tars import+execute",
        "tars rollback", "tars approve", "tars import+execute+approve")


class Corpus:
    """One shape's repository, copied for git and for tarscli, and its patch."""

    def __init__(self, work, shape, args):
        root = os.path.join(work, shape)
        corpus = os.path.join(root, "corpus")
        subprocess.run([sys.executable, os.path.join(HERE, "make_patch_corpus.py"), corpus,
                        str(args.files), str(args.patch_lines), "--shape", shape,
                        "--language", args.language], check=True)
        self.shape = shape
        self.patch = os.path.join(root, "corpus.patch")
        self.git_repo, self.tars_repo = os.path.join(root, "git"), os.path.join(root, "tars")
        shutil.copytree(corpus, self.git_repo, symlinks=True)
        shutil.copytree(corpus, self.tars_repo, symlinks=True)
        shutil.rmtree(corpus)
        self.tars = [TARSCLI, "--workspace", self.tars_repo, "--format", "json"]
        self.times = {k: [] for k in KEYS}

    def git_round(self):
        self.times["git apply"].append(timed(["git", "apply", self.patch], cwd=self.git_repo)[0])
        self.times["git apply -R"].append(
            timed(["git", "apply", "-R", self.patch], cwd=self.git_repo)[0])

    def import_execute(self):
        shutil.rmtree(os.path.join(self.tars_repo, ".tars"), ignore_errors=True)
        t_import, out = timed(self.tars + ["improve", "import", self.patch])
        improvement = json.loads(out)["improvements"][0]["id"]
        t_exec, out = timed(self.tars + ["execute", "improvement", "--id", improvement])
        return t_import, t_exec, json.loads(out)["contextId"]

    def tars_round(self):
        t_import, t_exec, context = self.import_execute()
        t_back, _ = timed(self.tars + ["execute", "rollback", "--context-id", context, "--all"])
        self.times["tars import"].append(t_import)
        self.times["tars execute"].append(t_exec)
        self.times["tars import+execute"].append(t_import + t_exec)
        self.times["tars rollback"].append(t_back)

    def approve_round(self):
        t_import, t_exec, context = self.import_execute()
        # Text output: with --format json, review also returns every file's diff.
        t_approve, _ = timed([TARSCLI, "--workspace", self.tars_repo, "execute", "review",
                              "--context-id", context, "--approve"])
        self.times["tars approve"].append(t_approve)
        self.times["tars import+execute+approve"].append(t_import + t_exec + t_approve)
        subprocess.run(["git", "checkout", "-q", "--", "."], cwd=self.tars_repo, check=True)

    def medians(self):
        return {k: statistics.median(v) if v else float("nan") for k, v in self.times.items()}


def report(corpora, args):
    medians = [c.medians() for c in corpora]
    print(f"\n{args.files} files ({args.language}), {args.rounds} rounds (median seconds)")
    print(f"  {'':34s}" + "".join(f"{c.shape:>10s}" for c in corpora))
    for key in KEYS:
        print(f"  {key:34s}" + "".join(f"{m[key]:10.3f}" for m in medians))
    ratios = (("apply    (import+execute / git apply)", "tars import+execute", "git apply"),
              ("apply    (execute only / git apply)", "tars execute", "git apply"),
              ("rollback (rollback --all / git apply -R)", "tars rollback", "git apply -R"),
              ("kept     (import+execute+approve / git apply)", "tars import+execute+approve",
               "git apply"))
    print("ratios (tars / git; goals: kept <= 1.0, rollback <= 0.5)")
    for name, tars, git in ratios:
        print(f"  {name:46s}" + "".join(f"{m[tars] / m[git]:9.2f}x" for m in medians))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--patch-lines", type=int, default=600000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shape", choices=("long", "short", "both"), default="both")
    parser.add_argument("--language", choices=("cpp", "python", "mixed"), default="cpp")
    parser.add_argument("--no-approve", action="store_true", help="skip the approve rounds")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="tars-bench-")
    shapes = ("long", "short") if args.shape == "both" else (args.shape,)
    corpora = [Corpus(work, shape, args) for shape in shapes]
    for round_ in range(args.rounds):
        for corpus in corpora:
            if round_ % 2 == 0:
                corpus.git_round()
                corpus.tars_round()
            else:
                corpus.tars_round()
                corpus.git_round()
    for _ in range(0 if args.no_approve else args.rounds):
        for corpus in corpora:
            corpus.approve_round()
    report(corpora, args)
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
