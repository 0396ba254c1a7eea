#!/usr/bin/env python3
"""The fixed cost of a command: a one-line, one-file improvement imported, executed and
rolled back with tarscli, against git apply / git apply -R of the same patch on a copy,
alternating the two round by round; and `improve list` with many improvements.

  bench/small_commands.py [--rounds 30] [--files 200] [--improvements 1000] [--language cpp|python]

The repository holds --files source files of 50 lines (C++, or Python: then every
execution also runs the built-in Python syntax check). Each round imports the patch
(`improve import`, which stores the file's content and writes the improvement file
durably), executes it (`execute improvement`: journal, kept original, atomic write,
the fsyncs of the durability protocol) and rolls it back (`execute rollback --all`).
`tarscli --version` is the floor of any tarscli command (process start and exit), and
`improve list` runs in a second workspace holding --improvements improvements: one
imported (which creates .tars/state.db, as any import or generate does), the others
written as files (the first listing, untimed, reads every file and keeps their
summaries in state.db; later ones are timed). Without state.db a listing keeps
nothing and reads every file each time.
Each command starts after a sync(), as in bench/apply_rollback.py.
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from apply_rollback import TARSCLI

CPU = {}  # command name -> CPU seconds (user + system) of each run


def timed(args, cwd=None, name=None):
    """Wall seconds and stdout of one run started after a sync(); its CPU time goes to CPU[name]."""
    os.sync()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(args, cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(args)} failed ({result.returncode}):\n{result.stderr}")
    if name:
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        CPU.setdefault(name, []).append(cpu)
    return elapsed, result.stdout


def make_repo(root, files, extension):
    comment = "#" if extension == "py" else "//"
    for i in range(files):
        directory = os.path.join(root, f"src/m{i % 10}")
        os.makedirs(directory, exist_ok=True)
        with open(os.path.join(directory, f"f{i:04d}.{extension}"), "w") as out:
            for n in range(50):
                if extension == "py":
                    out.write(f"def f{i}_{n}(value): return value * {n}  {comment} line {n}\n")
                else:
                    out.write(f"int f{i}_{n}(int value) {{ return value * {n}; }}  {comment} line {n}\n")
    git = lambda *a: subprocess.run(["git", "-C", root, *a], check=True, capture_output=True)
    git("init", "-q")
    git("add", "-A")
    git("-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm", "repo")
    target = os.path.join(root, "src/m7", f"f0007.{extension}")
    with open(target) as f:
        content = f.read()
    with open(target, "w") as f:
        f.write(content.replace("return value * 20", "return (value + 1) * 20"))
    diff = subprocess.run(["git", "-C", root, "diff"], check=True, capture_output=True).stdout
    git("checkout", "-q", ".")
    return diff


def make_improvements(root, count, extension):
    directory = os.path.join(root, ".tars", "improvements")
    os.makedirs(directory, exist_ok=True)
    for k in range(count):
        path = f"src/m{k % 10}/f{k:04d}.{extension}"
        improvement = {"id": f"imp-s{k:05d}", "title": f"Tidy {path}", "category": "cleanup",
                       "source": "manual", "priority": k % 3,
                       "changes": [{"kind": "edit", "path": path, "edits": [
                           {"offset": 0, "oldText": "int", "newText": "long"}]}]}
        with open(os.path.join(directory, f"{improvement['id']}.json"), "w") as out:
            json.dump(improvement, out)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--files", type=int, default=200)
    parser.add_argument("--improvements", type=int, default=1000)
    parser.add_argument("--language", choices=("cpp", "python"), default="cpp")
    args = parser.parse_args()
    extension = "py" if args.language == "python" else "cpp"

    work = tempfile.mkdtemp(prefix="tars-bench-small-")
    git_repo, tars_repo, listed = (os.path.join(work, name) for name in ("git", "tars", "list"))
    os.makedirs(git_repo)
    diff = make_repo(git_repo, args.files, extension)
    patch = os.path.join(work, "one-line.patch")
    with open(patch, "wb") as f:
        f.write(diff)
    shutil.copytree(git_repo, tars_repo, symlinks=True)
    shutil.copytree(git_repo, listed, symlinks=True)
    tars = [TARSCLI, "--workspace", tars_repo, "--format", "json"]
    timed(tars + ["improve", "import", patch])  # creates .tars/ and state.db, untimed
    timed([TARSCLI, "--workspace", listed, "improve", "import", patch])
    make_improvements(listed, args.improvements - 1, extension)
    time.sleep(0.1)  # past the racy window (improvement_catalog.h): summaries are kept
    timed([TARSCLI, "--workspace", listed, "improve", "list"])

    times = {k: [] for k in ("git apply", "git apply -R", "tarscli --version", "tars import",
                             "tars execute", "tars rollback", "tars improve list")}
    for round_ in range(args.rounds):
        for tool in (("git", "tars") if round_ % 2 == 0 else ("tars", "git")):
            if tool == "git":
                times["git apply"].append(timed(["git", "apply", patch], git_repo, "git apply")[0])
                times["git apply -R"].append(
                    timed(["git", "apply", "-R", patch], git_repo, "git apply -R")[0])
                continue
            times["tarscli --version"].append(timed([TARSCLI, "--version"], None, "tarscli --version")[0])
            t_import, out = timed(tars + ["improve", "import", patch], None, "tars import")
            improvement = json.loads(out)["improvements"][0]["id"]
            t_exec, out = timed(tars + ["execute", "improvement", "--id", improvement], None,
                                "tars execute")
            context = json.loads(out)["contextId"]
            t_back, _ = timed(tars + ["execute", "rollback", "--context-id", context, "--all"], None,
                              "tars rollback")
            t_list, out = timed([TARSCLI, "--workspace", listed, "improve", "list"], None,
                                "tars improve list")
            if out.count("\n") != args.improvements + 1:
                sys.exit("improve list did not list every improvement")
            times["tars import"].append(t_import)
            times["tars execute"].append(t_exec)
            times["tars rollback"].append(t_back)
            times["tars improve list"].append(t_list)

    ms = {k: statistics.median(v) * 1000 for k, v in times.items()}
    print(f"\none-line change of one {args.language} file in {args.files}, "
          f"{args.rounds} rounds (median milliseconds, wall and CPU)")
    for key, value in ms.items():
        print(f"  {key:22s} {value:8.1f}  cpu {statistics.median(CPU[key]) * 1000:6.1f}")
    print(f"  improve list lists {args.improvements} improvements")
    print("ratios:")
    print(f"  import / git apply           {ms['tars import'] / ms['git apply']:.2f}x")
    print(f"  execute / git apply          {ms['tars execute'] / ms['git apply']:.2f}x")
    print(f"  import+execute / git apply   {(ms['tars import'] + ms['tars execute']) / ms['git apply']:.2f}x")
    print(f"  rollback / git apply -R      {ms['tars rollback'] / ms['git apply -R']:.2f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
