#!/usr/bin/env python3
"""Applies and rolls back a large patch with tarscli and with git apply / git apply -R,
alternating the two in one run, and prints medians and ratios.

  bench/apply_rollback.py [--files 2000] [--patch-lines 600000] [--rounds 5]
                          [--shape long|short] [--language cpp|python|mixed] [--no-approve]

The corpus (bench/make_patch_corpus.py): --shape long is 2,000 files of 400 long lines
with 33 separate hunks each; --shape short is 2,000 files of 300 short lines (18 KB) in
20 directories, every 7th line changed, so each file's hunks merge into one. --language
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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=2000)
    parser.add_argument("--patch-lines", type=int, default=600000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--shape", choices=("long", "short"), default="long")
    parser.add_argument("--language", choices=("cpp", "python", "mixed"), default="cpp")
    parser.add_argument("--no-approve", action="store_true", help="skip the approve rounds")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="tars-bench-")
    corpus = os.path.join(work, "corpus")
    subprocess.run([sys.executable, os.path.join(HERE, "make_patch_corpus.py"), corpus,
                    str(args.files), str(args.patch_lines), "--shape", args.shape,
                    "--language", args.language], check=True)
    patch = os.path.join(work, "corpus.patch")
    git_repo, tars_repo = os.path.join(work, "git"), os.path.join(work, "tars")
    shutil.copytree(corpus, git_repo, symlinks=True)
    shutil.copytree(corpus, tars_repo, symlinks=True)
    tars = [TARSCLI, "--workspace", tars_repo, "--format", "json"]

    times = {k: [] for k in ("git apply", "git apply -R", "tars import", "tars execute",
                             "tars import+execute", "tars rollback", "tars approve",
                             "tars import+execute+approve")}
    for round_ in range(args.rounds):
        for tool in (("git", "tars") if round_ % 2 == 0 else ("tars", "git")):
            if tool == "git":
                times["git apply"].append(timed(["git", "apply", patch], cwd=git_repo)[0])
                times["git apply -R"].append(timed(["git", "apply", "-R", patch], cwd=git_repo)[0])
            else:
                shutil.rmtree(os.path.join(tars_repo, ".tars"), ignore_errors=True)
                t_import, out = timed(tars + ["improve", "import", patch])
                improvement = json.loads(out)["improvements"][0]["id"]
                t_exec, out = timed(tars + ["execute", "improvement", "--id", improvement])
                context = json.loads(out)["contextId"]
                t_back, _ = timed(tars + ["execute", "rollback", "--context-id", context, "--all"])
                times["tars import"].append(t_import)
                times["tars execute"].append(t_exec)
                times["tars import+execute"].append(t_import + t_exec)
                times["tars rollback"].append(t_back)

    for _ in range(0 if args.no_approve else args.rounds):
        shutil.rmtree(os.path.join(tars_repo, ".tars"), ignore_errors=True)
        t_import, out = timed(tars + ["improve", "import", patch])
        improvement = json.loads(out)["improvements"][0]["id"]
        t_exec, out = timed(tars + ["execute", "improvement", "--id", improvement])
        context = json.loads(out)["contextId"]
        # Text output: with --format json, review also returns every file's diff.
        t_approve, _ = timed([TARSCLI, "--workspace", tars_repo, "execute", "review",
                              "--context-id", context, "--approve"])
        times["tars approve"].append(t_approve)
        times["tars import+execute+approve"].append(t_import + t_exec + t_approve)
        subprocess.run(["git", "checkout", "-q", "--", "."], cwd=tars_repo, check=True)

    median = {k: statistics.median(v) if v else float("nan") for k, v in times.items()}
    print(f"\n{args.files} files ({args.shape}, {args.language}), {args.patch_lines} patch lines, "
          f"{args.rounds} rounds (median seconds)")
    for key, value in median.items():
        print(f"  {key:22s} {value:8.3f}")
    print("ratios (tars / git; goal <= 1.0):")
    print(f"  apply    (import+execute / git apply)    {median['tars import+execute'] / median['git apply']:.2f}x")
    print(f"  apply    (execute only / git apply)      {median['tars execute'] / median['git apply']:.2f}x")
    print(f"  rollback (rollback --all / git apply -R) {median['tars rollback'] / median['git apply -R']:.2f}x")
    print(f"  kept     (import+execute+approve / git apply) "
          f"{median['tars import+execute+approve'] / median['git apply']:.2f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
