#!/usr/bin/env python3
"""Imports and executes thousands of clang-tidy fixes with tarscli and applies the same
fixes with clang-apply-replacements on a copy, alternating the two in one run, and
prints medians and the ratio.

  bench/import_clang_tidy.py [--files 400] [--fixes 25] [--header-fixes 20] [--rounds 5]

The sample is a C++ tree of --files sources that all include one header. Its
export-fixes YAML is synthesised in clang-tidy's own shape (one document per
translation unit, like `clang-tidy --export-fixes` per file): modernize-use-nullptr
replacements and readability-braces-around-statements insertion pairs, and every
document repeats the header's fixes, so the header exercises deduplication.
clang-apply-replacements reads the per-TU files from a directory; tarscli reads their
concatenation. tarscli's time is `improve import --group-by all` + `execute
improvement` (plan, backups journaled in SQLite, atomic writes, syncfs); the result
trees are compared byte for byte.
"""
import argparse
import filecmp
import json
import os
import shutil
import statistics
import sys
import tempfile

from apply_rollback import TARSCLI, timed

APPLY = shutil.which("clang-apply-replacements") or "clang-apply-replacements"


def source(fixes, name):
    """A C++ file with `fixes` lines needing nullptr and `fixes` ifs without braces.
    Returns the text and the (offset, length, text) replacements clang-tidy would export."""
    text, replacements = f"// {name}: généré — “sample”\n#include \"shared.h\"\n", []
    for i in range(fixes):
        line = f"int* {name}_p{i} = 0;\n"
        replacements.append((len(text.encode()) + line.index("0"), 1, "nullptr", "modernize-use-nullptr"))
        text += line
        head = f"int {name}_f{i}(int x) {{\n  if (x > {i})"
        body = f" return {i};"
        start = len(text.encode()) + len(head)
        replacements.append((start, 0, " {", "readability-braces-around-statements"))
        replacements.append((start + len(body), 0, "\n}", "readability-braces-around-statements"))
        text += head + body + "\n  return 0;\n}\n"
    return text, replacements


def yaml_quote(text):
    return json.dumps(text)  # a JSON string is a valid double-quoted YAML scalar


def document(main, build, fixes_by_file):
    out = [f"---\nMainSourceFile:  '{main}'\nDiagnostics:\n"]
    for path, replacements in fixes_by_file:
        for offset, length, text, check in replacements:
            out.append(
                f"  - DiagnosticName:  {check}\n    DiagnosticMessage:\n"
                f"      Message:         fix\n      FilePath:        '{path}'\n"
                f"      FileOffset:      {offset}\n      Replacements:\n"
                f"        - FilePath:        '{path}'\n          Offset:          {offset}\n"
                f"          Length:          {length}\n          ReplacementText: {yaml_quote(text)}\n"
                f"    Level:           Warning\n    BuildDirectory:  '{build}'\n")
    out.append("...\n")
    return "".join(out)


def make_sample(root, files, fixes, header_fixes):
    os.makedirs(os.path.join(root, "src"))
    header, header_replacements = source(header_fixes, "shared")
    with open(os.path.join(root, "src", "shared.h"), "w") as f:
        f.write(header)
    units = []
    for n in range(files):
        text, replacements = source(fixes, f"u{n}")
        with open(os.path.join(root, "src", f"u{n}.cpp"), "w") as f:
            f.write(text)
        units.append((f"u{n}.cpp", replacements))
    return header_replacements, units


def write_fixes(root, header_replacements, units, directory):
    """One YAML per translation unit (paths as clang-tidy writes them: absolute)."""
    os.makedirs(directory)
    src = os.path.join(root, "src")
    for name, replacements in units:
        doc = document(os.path.join(src, name), src,
                       [(os.path.join(src, name), replacements),
                        (os.path.join(src, "shared.h"), header_replacements)])
        with open(os.path.join(directory, name + ".yaml"), "w") as f:
            f.write(doc)


def concatenate(directory, target):
    with open(target, "w") as out:
        for name in sorted(os.listdir(directory)):
            with open(os.path.join(directory, name)) as f:
                out.write(f.read())


def same_tree(a, b):
    compare = filecmp.dircmp(os.path.join(a, "src"), os.path.join(b, "src"))
    if compare.left_only or compare.right_only:
        return False
    return all(filecmp.cmp(os.path.join(a, "src", f), os.path.join(b, "src", f), shallow=False)
               for f in compare.common_files)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", type=int, default=400)
    parser.add_argument("--fixes", type=int, default=25, help="nullptr + braces fixes per file")
    parser.add_argument("--header-fixes", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="tars-bench-tidy-")
    corpus = os.path.join(work, "corpus")
    header_replacements, units = make_sample(corpus, args.files, args.fixes, args.header_fixes)
    replacements = sum(len(r) for _, r in units) + len(header_replacements) * args.files
    times = {"clang-apply-replacements": [], "tars import": [], "tars execute": [],
             "tars import+execute": []}
    yaml_size = 0
    for round_ in range(args.rounds):
        peer, tars_root = os.path.join(work, f"peer{round_}"), os.path.join(work, f"tars{round_}")
        shutil.copytree(corpus, peer)
        shutil.copytree(corpus, tars_root)
        write_fixes(peer, header_replacements, units, os.path.join(work, f"peer{round_}-fixes"))
        write_fixes(tars_root, header_replacements, units, os.path.join(work, f"tars{round_}-fixes"))
        fixes_yaml = os.path.join(work, f"tars{round_}.yaml")
        concatenate(os.path.join(work, f"tars{round_}-fixes"), fixes_yaml)
        yaml_size = os.path.getsize(fixes_yaml)
        tars = [TARSCLI, "--workspace", tars_root, "--format", "json"]
        for tool in (("peer", "tars") if round_ % 2 == 0 else ("tars", "peer")):
            if tool == "peer":
                times["clang-apply-replacements"].append(
                    timed([APPLY, os.path.join(work, f"peer{round_}-fixes")])[0])
            else:
                t_import, out = timed(tars + ["improve", "import", fixes_yaml, "--from",
                                              "clang-tidy", "--group-by", "all"])
                improvement = json.loads(out)["improvements"][0]["id"]
                t_exec, _ = timed(tars + ["execute", "improvement", "--id", improvement])
                times["tars import"].append(t_import)
                times["tars execute"].append(t_exec)
                times["tars import+execute"].append(t_import + t_exec)
        if not same_tree(peer, tars_root):
            sys.exit(f"round {round_}: tarscli's result differs from clang-apply-replacements'")
        shutil.rmtree(peer)
        shutil.rmtree(tars_root)

    median = {k: statistics.median(v) for k, v in times.items()}
    print(f"\n{args.files + 1} files, {replacements} replacements in the YAML "
          f"({len(header_replacements) * (args.files - 1)} of them duplicates), "
          f"{yaml_size / 1e6:.1f} MB, {args.rounds} rounds (median seconds); results identical")
    for key, value in median.items():
        print(f"  {key:26s} {value:8.3f}")
    ratio = median["tars import+execute"] / median["clang-apply-replacements"]
    print(f"ratio (tars import+execute / clang-apply-replacements; goal <= 1.0): {ratio:.2f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
