#!/usr/bin/env python3
"""Checks an `strace -f -y` trace of one tarscli command (test_fixed_cost.sh).

  fixed_cost_check.py WORKSPACE TRACE [--wal-syncs N] [--journal-first] [--syncfs]
                      [--synced FILE...] [--synced-dirs DIR...]

Every fsync or fdatasync must be of state.db-wal (exactly N), of a FILE named (or its temp file) or of a DIR named (workspace-relative,
"." the root), or of a directory since removed; nothing else. A checkpoint as the
command ends (a sync of the WAL, then of state.db: the WAL had grown past its bound,
core/store/sqlite.cpp) is left out. Each FILE and DIR must be
synced. A syncfs only with --syncfs (then FILE and DIR syncs are not needed). No thread
or process may be started. --journal-first: the first WAL sync comes before the first
rename or link, and every other sync before the last WAL sync (the result is committed
after the files are durable)."""
import argparse
import os
import re
import sys

CALL = re.compile(r"^\d+\s+(\w+)\((.*)\)\s+=\s+(-?\d+)")
FD_PATH = re.compile(r"^\d+<(.*)>")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("workspace")
    parser.add_argument("trace")
    parser.add_argument("--wal-syncs", type=int, default=2)
    parser.add_argument("--journal-first", action="store_true")
    parser.add_argument("--syncfs", action="store_true")
    parser.add_argument("--synced", nargs="*", default=[])
    parser.add_argument("--synced-dirs", nargs="*", default=[])
    args = parser.parse_args()
    root = os.path.realpath(args.workspace)
    problems = []

    def relative(path):
        path = os.path.realpath(path)
        return "." if path == root else os.path.relpath(path, root)

    def file_of(path):  # a temp file ".<name>.<hex>.tars-tmp" stands for <name>
        directory, name = os.path.split(path)
        temp = re.fullmatch(r"\.(.+)\.[0-9a-f]{16}\.tars-tmp", name)
        return relative(os.path.join(directory, temp.group(1) if temp else name))

    calls = []
    for line in open(args.trace):
        match = CALL.match(line)
        if match:
            calls.append((match.group(1), match.group(2)))
        elif line.strip():
            problems.append(f"unexpected trace line: {line.strip()}")
    for index, (name, arguments) in enumerate(calls):
        if name in ("fsync", "fdatasync") and arguments.split(">")[0].endswith("state.db"):
            calls = calls[:index - 1]  # the checkpoint: its WAL sync, then state.db's
            break
    wal, files, dirs, syncfs, moves = [], set(), set(), [], []
    tars_dir_syncs = 0
    for index, (name, arguments) in enumerate(calls):
        if name in ("clone", "clone3", "fork", "vfork"):
            problems.append(f"a thread or process was started: {name}({arguments[:60]})")
        elif name in ("renameat", "renameat2", "linkat"):
            moves.append(index)
        elif name in ("syncfs", "sync"):
            syncfs.append(index)
        elif name in ("fsync", "fdatasync"):
            path = FD_PATH.match(arguments).group(1)
            if path.endswith("state.db-wal"):
                wal.append(index)
            elif path.endswith(" (deleted)"):
                pass  # a directory the command removed after changing it
            elif relative(path) == ".tars":
                tars_dir_syncs += 1
            elif os.path.isdir(path):
                dirs.add(relative(path))
            else:
                files.add(file_of(path))
    if len(wal) != args.wal_syncs:
        problems.append(f"{len(wal)} WAL syncs, expected {args.wal_syncs}")
    if tars_dir_syncs:  # SQLite's own, repeated by each process, is skipped
        problems.append(f"{tars_dir_syncs} syncs of .tars/, expected none (state.db existed)")
    if bool(syncfs) != args.syncfs:
        problems.append(f"{len(syncfs)} syncfs, expected {1 if args.syncfs else 0}")
    if not args.syncfs:
        for missing in sorted(set(args.synced) - files):
            problems.append(f"{missing} was not fsynced")
        for missing in sorted(set(args.synced_dirs) - dirs):
            problems.append(f"directory {missing} was not fsynced")
    for extra in sorted(files - set(args.synced)):
        problems.append(f"unexpected fsync of {extra}")
    for extra in sorted(dirs - set(args.synced_dirs)):
        problems.append(f"unexpected fsync of directory {extra}")
    if args.journal_first and wal:
        if moves and moves[0] < wal[0]:
            problems.append("a file was renamed or linked before the journal was synced")
        synced = [i for i, (name, _) in enumerate(calls)
                  if name in ("fsync", "fdatasync", "syncfs") and i not in wal]
        if synced and max(synced) > wal[-1]:
            problems.append("a file or directory was synced after the result's commit")
    for problem in problems:
        print(f"{args.trace}: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
