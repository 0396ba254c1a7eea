#!/usr/bin/env python3
"""Replays git history through tarscli: for each commit, its `git format-patch -1` and
`git diff --binary` output is imported into a checkout of the parent, executed, compared
with the commit's tree (content, exec bit, symlink target, submodule directories, no
stray empty directory), rolled back and compared with the parent's tree.

usage: replay_history.py TARSCLI [--own REPO] [--own-count N] [--keep DIR]
Prints the counts; exits 1 unless every replay is exact.
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

GIT_ENV = dict(os.environ, GIT_AUTHOR_NAME="replay", GIT_AUTHOR_EMAIL="replay@example.com",
               GIT_COMMITTER_NAME="replay", GIT_COMMITTER_EMAIL="replay@example.com",
               GIT_CONFIG_NOSYSTEM="1", HOME=tempfile.gettempdir(), LC_ALL="C")


def git(repo, *args, input=None):
    return subprocess.run(["git", "-C", repo, *args], env=GIT_ENV, input=input,
                          capture_output=True, check=True).stdout


# ---------------------------------------------------------------------------------------
# The synthetic repository: one commit per kind of header.

def write(repo, path, data, mode=0o644):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full) or repo, exist_ok=True)
    if os.path.islink(full):
        os.unlink(full)
    with open(full, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())
    os.chmod(full, mode)


def link(repo, path, target):
    full = os.path.join(repo, path)
    os.makedirs(os.path.dirname(full) or repo, exist_ok=True)
    if os.path.lexists(full):
        os.unlink(full)
    os.symlink(target, full)


def remove(repo, path):
    git(repo, "rm", "-q", "-r", "--cached", "--", path)
    full = os.path.join(repo, path)
    if os.path.islink(full) or os.path.isfile(full):
        os.unlink(full)
    elif os.path.isdir(full):
        shutil.rmtree(full)


def move(repo, source, target):
    os.makedirs(os.path.join(repo, os.path.dirname(target)), exist_ok=True)
    git(repo, "mv", source, target)


def commit(repo, message):
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)


def gitlink(repo, path, sha):
    git(repo, "update-index", "--add", "--cacheinfo", "160000,%s,%s" % (sha, path))
    git(repo, "commit", "-q", "-m", "submodule %s at %s" % (path, sha[:7]))


def binary(seed, size):
    out, x = bytearray(), seed
    for _ in range(size):
        x = (x * 1103515245 + 12345) & 0x7fffffff
        out.append((x >> 16) & 0xff)
    return bytes(out)


def build_synthetic(repo):
    os.makedirs(repo)
    git(repo, "init", "-q")
    git(repo, "config", "core.autocrlf", "false")
    write(repo, "a.txt", "".join("line %d\n" % i for i in range(1, 30)))
    write(repo, "crlf.txt", "one\r\ntwo\r\nthree\r\n")
    write(repo, "nonl.txt", "no final newline")
    write(repo, "script.sh", "#!/bin/sh\necho hi\n")
    write(repo, "bin/blob.dat", binary(1, 6000))
    write(repo, "d/x.txt", "x\n")
    write(repo, "d/y.txt", "y\n")
    write(repo, "gone/only.txt", "the only file\n")
    write(repo, "pair/a.txt", "a\n")
    write(repo, "empty.txt", "")
    write(repo, "big.txt", "".join("unchanging line %d of a long file\n" % i for i in range(60)))
    commit(repo, "initial tree")

    text = open(os.path.join(repo, "a.txt")).read()
    write(repo, "a.txt", text.replace("line 3\n", "line three\n").replace("line 20\n", ""))
    write(repo, "nonl.txt", "no final newline, still")
    write(repo, "crlf.txt", "one\r\nTWO\r\nthree\r\n")
    commit(repo, "edits, CRLF and no final newline")

    write(repo, "nonl.txt", "now with a newline\n")
    commit(repo, "final newline added")

    os.chmod(os.path.join(repo, "script.sh"), 0o755)
    commit(repo, "mode change only")

    write(repo, "script.sh", "#!/bin/sh\necho hello\n", 0o644)
    commit(repo, "mode back and content")

    data = bytearray(binary(1, 6000))
    data[100:110] = b"0123456789"
    write(repo, "bin/blob.dat", bytes(data))
    commit(repo, "binary edit (delta)")

    write(repo, "bin/new.dat", binary(7, 300))
    write(repo, "bin/small.dat", b"\x00\x01\x02")
    commit(repo, "binary files created")

    remove(repo, "bin/small.dat")
    write(repo, "bin/new.dat", binary(9, 200))
    commit(repo, "binary delete and rewrite (literal)")

    link(repo, "link", "a.txt")
    link(repo, "dir/link", "../d/x.txt")
    commit(repo, "symlinks created")

    link(repo, "link", "crlf.txt")
    commit(repo, "symlink retargeted")

    os.unlink(os.path.join(repo, "link"))
    write(repo, "link", "now a file\n")
    commit(repo, "symlink becomes a file")

    os.unlink(os.path.join(repo, "link"))
    link(repo, "link", "nonl.txt")
    commit(repo, "file becomes a symlink")

    remove(repo, "dir/link")
    commit(repo, "symlink deleted, its directory emptied")

    first = git(repo, "rev-parse", "HEAD").decode().strip()
    gitlink(repo, "sub", first)
    parent = git(repo, "rev-parse", first + "~1").decode().strip()
    gitlink(repo, "sub", parent)
    git(repo, "rm", "-q", "--cached", "sub")
    git(repo, "commit", "-q", "-m", "submodule removed")

    write(repo, "ordinary.txt", "an ordinary file beside a submodule\n")
    git(repo, "add", "ordinary.txt")
    git(repo, "update-index", "--add", "--cacheinfo", "160000,%s,%s" % (first, "libs/sub"))
    git(repo, "commit", "-q", "-m", "submodule added with an ordinary file")
    os.makedirs(os.path.join(repo, "libs/sub"))  # as a clone without the submodule has it

    move(repo, "d/x.txt", "moved/x.txt")
    move(repo, "d/y.txt", "moved/y.txt")
    commit(repo, "renames that empty a directory")

    text = open(os.path.join(repo, "big.txt")).read()
    move(repo, "big.txt", "renamed/big.txt")
    write(repo, "renamed/big.txt", text.replace("line 30 ", "line thirty "))
    commit(repo, "rename with similarity")

    write(repo, "copy/big-copy.txt", text + "one more line\n")
    commit(repo, "copy with an edit")

    remove(repo, "gone/only.txt")
    commit(repo, "delete that empties a directory")

    remove(repo, "pair/a.txt")
    write(repo, "pair/b.txt", "b\n")
    commit(repo, "delete and create in one directory")

    write(repo, "caf\u00e9 \u00fcnicode.txt", "unicode name\n")
    write(repo, "with space.txt", "space\n")
    write(repo, 'quote"and\\backslash.txt', "quoted\n")
    write(repo, "tab\tname.txt", "tab\n")
    commit(repo, "unicode and quoted names")

    write(repo, "caf\u00e9 \u00fcnicode.txt", "unicode name, edited\n")
    move(repo, "with space.txt", "with more space.txt")
    commit(repo, "edit and rename of quoted names")

    write(repo, "new-empty.txt", "")
    remove(repo, "empty.txt")
    commit(repo, "empty files created and deleted")

    write(repo, "a.txt", "".join("completely different %d\n" % i for i in range(40)))
    commit(repo, "rewrite (dissimilarity)")


# ---------------------------------------------------------------------------------------
# Trees: what a commit holds, what the workspace holds.

def commit_tree(repo, rev):
    """{path: (kind, data)}: kind 'file'/'exec' with bytes, 'link' with target, 'gitlink'."""
    entries = {}
    out = git(repo, "ls-tree", "-r", "-z", "--full-tree", rev)
    blobs = []
    for record in out.split(b"\0"):
        if not record:
            continue
        meta, path = record.split(b"\t", 1)
        mode, kind, sha = meta.split(b" ")
        path = os.fsdecode(path)
        if mode == b"160000":
            entries[path] = ("gitlink", None)
        else:
            blobs.append((path, mode, sha))
    if blobs:
        batch = subprocess.run(["git", "-C", repo, "cat-file", "--batch"], env=GIT_ENV,
                               input=b"".join(sha + b"\n" for _, _, sha in blobs),
                               capture_output=True, check=True).stdout
        at = 0
        for path, mode, sha in blobs:
            header_end = batch.index(b"\n", at)
            size = int(batch[at:header_end].split(b" ")[2])
            data = batch[header_end + 1:header_end + 1 + size]
            at = header_end + 1 + size + 1
            kind = {b"120000": "link", b"100755": "exec"}.get(mode, "file")
            entries[path] = (kind, os.fsdecode(data) if kind == "link" else data)
    return entries


def differences(workspace, expected):
    problems = []
    gitlinks = {p for p, (k, _) in expected.items() if k == "gitlink"}
    seen = set()
    for root, dirs, files in os.walk(workspace):
        rel_root = os.path.relpath(root, workspace)
        rel_root = "" if rel_root == "." else rel_root
        if rel_root == "":
            dirs[:] = [d for d in dirs if d not in (".git", ".tars")]
        for d in list(dirs):
            rel = os.path.join(rel_root, d)
            full = os.path.join(root, d)
            if os.path.islink(full):
                files.append(d)
                dirs.remove(d)
                continue
            if rel in gitlinks:
                seen.add(rel)
                dirs.remove(d)
                continue
            if not any(p.startswith(rel + "/") for p in expected):
                problems.append("stray directory %s" % rel)
                dirs.remove(d)
        for name in files:
            rel = os.path.join(rel_root, name)
            full = os.path.join(root, name)
            seen.add(rel)
            if rel not in expected:
                problems.append("unexpected %s" % rel)
                continue
            kind, data = expected[rel]
            if kind == "link":
                if not os.path.islink(full):
                    problems.append("%s is not a symlink" % rel)
                elif os.readlink(full) != data:
                    problems.append("%s -> %s, expected -> %s" % (rel, os.readlink(full), data))
                continue
            if os.path.islink(full) or kind == "gitlink":
                problems.append("%s has the wrong type" % rel)
                continue
            with open(full, "rb") as f:
                if f.read() != data:
                    problems.append("%s differs" % rel)
            executable = bool(os.stat(full).st_mode & 0o100)
            if executable != (kind == "exec"):
                problems.append("%s has the wrong exec bit" % rel)
    for path in expected:
        if path not in seen:
            problems.append("missing %s" % path)
    return problems


# ---------------------------------------------------------------------------------------
# One replay.

class Replayer:
    def __init__(self, tarscli, repo, scratch):
        self.tarscli = tarscli
        self.repo = repo
        self.workspace = os.path.join(scratch, "workspace")
        self.patch = os.path.join(scratch, "change.patch")
        git(scratch, "clone", "-q", "--no-checkout", repo, self.workspace)
        self.trees = {}

    def tree(self, rev):
        if rev not in self.trees:
            self.trees[rev] = commit_tree(self.repo, rev)
        return self.trees[rev]

    def tars(self, *args):
        run = subprocess.run([self.tarscli, "--workspace", self.workspace, "--format", "json",
                              *args], capture_output=True)
        return run.returncode, run.stdout, run.stderr.decode(errors="replace").strip()

    def checkout(self, rev):
        shutil.rmtree(os.path.join(self.workspace, ".tars"), ignore_errors=True)
        git(self.workspace, "checkout", "-q", "-f", rev)
        git(self.workspace, "clean", "-q", "-ffdx")
        for path, (kind, _) in self.tree(rev).items():
            if kind == "gitlink":
                os.makedirs(os.path.join(self.workspace, path), exist_ok=True)

    def replay_series(self, base, head):
        """The whole range as one mbox (format-patch --stdout): one improvement per commit."""
        patch = git(self.repo, "format-patch", "--stdout", "%s..%s" % (base, head))
        with open(self.patch, "wb") as f:
            f.write(patch)
        self.checkout(base)
        code, out, err = self.tars("improve", "import", self.patch)
        if code != 0:
            return "refused (exit %d): %s" % (code, err.splitlines()[-1] if err else "")
        return self.execute_and_compare([i["id"] for i in json.loads(out)["improvements"]],
                                        head, base)

    def execute_and_compare(self, ids, rev, parent):
        contexts = []
        for improvement in ids:
            code, out, err = self.tars("execute", "improvement", "--id", improvement)
            if code != 0:
                return "execute failed (exit %d): %s" % (code, err)
            contexts.append(json.loads(out)["contextId"])
        problems = differences(self.workspace, self.tree(rev))
        if problems:
            return "apply: " + "; ".join(problems[:3])
        for context in reversed(contexts):
            code, out, err = self.tars("execute", "rollback", "--context-id", context, "--all")
            if code != 0:
                return "rollback failed (exit %d): %s" % (code, err)
        problems = differences(self.workspace, self.tree(parent))
        if problems:
            return "rollback: " + "; ".join(problems[:3])
        return "exact"

    def replay(self, rev, form):
        """'exact', or a reason: 'refused: ...', 'apply: ...', 'rollback: ...'."""
        parent = rev + "~1"
        if form == "format-patch":
            patch = git(self.repo, "format-patch", "-1", "--stdout", rev)
        else:
            patch = git(self.repo, "diff", "--binary", parent, rev)
        if not patch.strip():
            return "empty"
        with open(self.patch, "wb") as f:
            f.write(patch)
        self.checkout(parent)
        code, out, err = self.tars("improve", "import", self.patch)
        if code != 0:
            return "refused (exit %d): %s" % (code, err.splitlines()[-1] if err else "")
        ids = [i["id"] for i in json.loads(out)["improvements"]]
        if not ids:  # a submodule update: nothing changes in a work tree, as git apply
            if "changes no file in a work tree" not in err:
                return "nothing imported, no warning"
            problems = differences(self.workspace, self.tree(rev))
            return "apply: " + "; ".join(problems[:3]) if problems else "exact"
        return self.execute_and_compare(ids, rev, parent)


def replay_all(tarscli, repo, revs, label, scratch, results):
    replayer = Replayer(tarscli, repo, scratch)
    if label == "synthetic":  # a linear history: the series holds every change
        outcome = replayer.replay_series(revs[0] + "~1", revs[-1])
        results.append(("series", revs[0][:8], "mbox", "%d commits" % len(revs), outcome))
        print("series: the %d commits as one format-patch mbox: %s" % (len(revs), outcome))
    for rev in revs:
        subject = git(repo, "log", "-1", "--format=%s", rev).decode().strip()
        for form in ("format-patch", "diff"):
            outcome = replayer.replay(rev, form)
            results.append((label, rev[:8], form, subject, outcome))
            if outcome != "exact":
                print("  %s %s %-12s %s: %s" % (label, rev[:8], form, subject, outcome))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("tarscli")
    parser.add_argument("--own", help="a git repository whose recent history is replayed too")
    parser.add_argument("--own-count", type=int, default=50)
    args = parser.parse_args()
    scratch = tempfile.mkdtemp(prefix="tars-replay-")
    try:
        results = []
        synthetic = os.path.join(scratch, "synthetic")
        build_synthetic(synthetic)
        revs = git(synthetic, "rev-list", "--reverse", "HEAD~1..HEAD" if False else "HEAD")
        revs = revs.decode().split()[1:]
        os.makedirs(os.path.join(scratch, "s"))
        replay_all(args.tarscli, synthetic, revs, "synthetic", os.path.join(scratch, "s"), results)
        if args.own:
            own = os.path.join(scratch, "own")
            subprocess.run(["git", "clone", "-q", "--no-checkout", args.own, own], env=GIT_ENV,
                           check=True, capture_output=True)
            revs = git(own, "rev-list", "--no-merges", "-n", str(args.own_count), "HEAD")
            revs = [r for r in reversed(revs.decode().split())
                    if git(own, "rev-list", "--parents", "-n", "1", r).decode().count(" ") == 1]
            os.makedirs(os.path.join(scratch, "o"))
            replay_all(args.tarscli, own, revs, "own", os.path.join(scratch, "o"), results)
        for label in ("synthetic", "own"):
            mine = [r for r in results if r[0] == label]
            if not mine:
                continue
            commits = len({r[1] for r in mine})
            exact = sum(1 for r in mine if r[4] == "exact")
            applied = sum(1 for r in mine if r[4] == "exact" or r[4].startswith("rollback"))
            refused = sum(1 for r in mine if r[4].startswith("refused"))
            print("%s: %d commits, %d patches replayed: %d applied exactly, %d rolled back "
                  "exactly, %d refused" % (label, commits, len(mine), applied, exact, refused))
        return 0 if all(r[4] in ("exact", "empty") for r in results) else 1
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
