#!/usr/bin/env python3
"""Checks that `tarscli execute status --context-id C --format json` tells the truth.

usage: status_matches_disk.py WORKSPACE STATUS_JSON_FILE

Every file operation of the context must agree with the disk: `rolled_back` means the
path holds its original bytes (absent for a create, and a rename's new path absent);
`applied` means the result holds what the execution wrote. A context or operation left
`running`, `rolling_back` or `intent` is an error. Exit 0 when all agree, else 1 with
one line per disagreement.
"""
import hashlib
import json
import os
import sys


def digest(root, path):
    full = os.path.join(root, path)
    if not os.path.lexists(full):
        return None
    with open(full, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def problems(root, status, edited=()):
    """The disagreements; `edited` paths were changed by a person after the execution
    wrote them, so `applied` says nothing of their bytes."""
    found = []
    if status["status"] in ("running", "rolling_back"):
        found.append(f"context {status['contextId']} is still {status['status']}")
    if status.get("mode") == "dry-run":
        return found
    for op in status["files"]:
        path, new_path = op["path"], op.get("newPath")
        state = op["state"]
        if state == "rolled_back":
            if digest(root, path) != op["beforeHash"]:
                found.append(f"{path}: rolled_back but not original")
            if new_path and digest(root, new_path) is not None:
                found.append(f"{new_path}: rolled_back rename left its new path")
        elif state == "applied" and (new_path or path) not in edited:
            if digest(root, new_path or path) != op["afterHash"]:
                found.append(f"{new_path or path}: applied but not as written")
            if new_path and digest(root, path) is not None:
                found.append(f"{path}: applied rename left its old path")
        elif state in ("intent", "rolling_back"):
            found.append(f"{path}: left {state}")
    return found


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    with open(sys.argv[2]) as f:
        status = json.load(f)
    found = problems(sys.argv[1], status)
    for line in found:
        print(line, file=sys.stderr)
    sys.exit(1 if found else 0)


if __name__ == "__main__":
    main()
