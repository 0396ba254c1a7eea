#!/usr/bin/env python3
"""A real clang-tidy run applied two ways, side by side in one run: clang-apply-replacements
against `tarscli improve import` + `tarscli execute improvement --all-pending`.

  bench/clang_tidy_apply.py [--units 30] [--rounds 7] [--checks CHECK,...] [--jobs 2]

The project is a copy of this repository's core/ (its sources and headers), with a
compile_commands.json for --units of its translation units (spread evenly over them).
clang-tidy-14 runs once, untimed, with --checks over each unit and --header-filter=core/,
exporting each unit's fixes (`-export-fixes`, one YAML per unit, as run-clang-tidy
does); a header's fixes repeat in every unit that includes it.

Each round copies the project twice. clang-apply-replacements reads the per-unit YAMLs
from a directory; it has no switch for clang's cleanup pass, which it always runs (it
re-indents some brace fixes), and formatting stays off. tarscli reads their
concatenation: `improve import --from clang-tidy` (the default grouping, one improvement
per check) and `execute improvement --all-pending` (one context, one transaction per
check, each rebased onto the ones before, the journal, kept originals, atomic writes,
syncfs). tarscli's result must be byte-identical to the replacements applied exactly as
written (deduplicated, in offset order; computed here); how many files clang's cleanup
made differ is printed too. Every command starts after a sync(); medians of wall and CPU
milliseconds.
"""
import argparse
import concurrent.futures
import filecmp
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

import yaml

from small_commands import CPU, timed
from apply_rollback import TARSCLI

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
TIDY = shutil.which("clang-tidy-14") or shutil.which("clang-tidy") or "clang-tidy"
APPLY = (shutil.which("clang-apply-replacements-14") or shutil.which("clang-apply-replacements")
         or "clang-apply-replacements")
CHECKS = ("readability-braces-around-statements,modernize-use-nodiscard,"
          "readability-implicit-bool-conversion,modernize-use-emplace,"
          "readability-isolate-declaration,modernize-pass-by-value,google-readability-casting,"
          "cppcoreguidelines-init-variables")


def make_project(root, units):
    shutil.copytree(os.path.join(REPO, "core"), os.path.join(root, "core"))
    sources = sorted(os.path.relpath(os.path.join(d, f), root)
                     for d, _, files in os.walk(os.path.join(root, "core"))
                     for f in files if f.endswith(".cpp"))
    step = max(1, len(sources) // units)
    chosen = sources[::step][:units]
    os.makedirs(os.path.join(root, "build"))
    commands = [{"directory": os.path.join(root, "build"), "file": os.path.join(root, source),
                 "command": f"clang++ -I{root} -std=c++20 -c {os.path.join(root, source)}"}
                for source in chosen]
    with open(os.path.join(root, "build", "compile_commands.json"), "w") as out:
        json.dump(commands, out, indent=1)
    return chosen


def run_tidy(root, units, checks, fixes_dir, jobs):
    """One YAML of fixes per unit (untimed); units without fixes write none."""
    os.makedirs(fixes_dir)

    def one(index_unit):
        index, unit = index_unit
        subprocess.run(["nice", TIDY, "-p", os.path.join(root, "build"), f"--checks=-*,{checks}",
                        "--header-filter=core/", "--quiet",
                        f"--export-fixes={os.path.join(fixes_dir, f'{index:03d}.yaml')}",
                        os.path.join(root, unit)], capture_output=True, check=False)

    with concurrent.futures.ThreadPoolExecutor(jobs) as pool:
        list(pool.map(one, enumerate(units)))


def load_fixes(fixes_dir):
    """Per-unit YAML texts, by file name."""
    texts = {}
    for name in sorted(os.listdir(fixes_dir)):
        with open(os.path.join(fixes_dir, name)) as f:
            texts[name] = f.read()
    return texts


def exact_application(root, texts):
    """The replacements applied as written: deduplicated, in offset order, none overlapping.
    Returns {path: new bytes}, the number of replacements and of diagnostics by check."""
    by_file, checks = {}, {}
    for text in texts.values():
        for diagnostic in (yaml.safe_load(text) or {}).get("Diagnostics") or []:
            name = diagnostic["DiagnosticName"]
            checks[name] = checks.get(name, 0) + 1
            for r in diagnostic["DiagnosticMessage"].get("Replacements") or []:
                by_file.setdefault(r["FilePath"], set()).add(
                    (r["Offset"], r["Length"], r["ReplacementText"]))
    results, count = {}, 0
    for path, replacements in by_file.items():
        with open(path, "rb") as f:
            content = f.read()
        out, position = [], 0
        for offset, length, text in sorted(replacements, key=lambda r: (r[0], r[1] > 0)):
            if offset < position:
                sys.exit(f"{path}: overlapping replacements at byte {offset}; choose other --checks")
            out += [content[position:offset], text.encode()]
            position = offset + length
        out.append(content[position:])
        results[os.path.relpath(path, root)] = b"".join(out)
        count += len(replacements)
    return results, count, checks


def write_round_fixes(texts, corpus, copy, directory):
    """The per-unit YAMLs with the corpus' paths replaced by the copy's."""
    os.makedirs(directory)
    for name, text in texts.items():
        with open(os.path.join(directory, name), "w") as f:
            f.write(text.replace(corpus, copy))


def differing(root, expected):
    return [path for path, content in expected.items()
            if open(os.path.join(root, path), "rb").read() != content]


def same_tree(a, b):
    compare = filecmp.dircmp(a, b)
    if compare.left_only or compare.right_only or compare.diff_files or compare.funny_files:
        return False
    return all(same_tree(os.path.join(a, d), os.path.join(b, d)) for d in compare.common_dirs)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=30, help="translation units clang-tidy checks")
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--checks", default=CHECKS)
    parser.add_argument("--jobs", type=int, default=2, help="clang-tidy processes (setup only)")
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="tars-bench-tidy-apply-")
    corpus = os.path.join(work, "corpus")
    units = make_project(corpus, args.units)
    run_tidy(corpus, units, args.checks, os.path.join(work, "fixes"), args.jobs)
    texts = load_fixes(os.path.join(work, "fixes"))
    expected, replacements, checks = exact_application(corpus, texts)
    if not expected:
        sys.exit("clang-tidy found nothing to fix")

    times = {k: [] for k in ("clang-apply-replacements", "tars import", "tars execute",
                             "tars import+execute")}
    cleanup_changed = 0
    for round_ in range(args.rounds):
        peer, tars_root = os.path.join(work, f"peer{round_}"), os.path.join(work, f"tars{round_}")
        shutil.copytree(corpus, peer)
        shutil.copytree(corpus, tars_root)
        write_round_fixes(texts, corpus, peer, os.path.join(work, f"peer{round_}-fixes"))
        write_round_fixes(texts, corpus, tars_root, os.path.join(work, f"tars{round_}-fixes"))
        fixes_yaml = os.path.join(work, f"tars{round_}.yaml")
        with open(fixes_yaml, "w") as out:
            for name in sorted(texts):
                with open(os.path.join(work, f"tars{round_}-fixes", name)) as f:
                    out.write(f.read())
        tars = [TARSCLI, "--workspace", tars_root, "--format", "json"]
        for tool in (("peer", "tars") if round_ % 2 == 0 else ("tars", "peer")):
            if tool == "peer":
                times["clang-apply-replacements"].append(
                    timed([APPLY, os.path.join(work, f"peer{round_}-fixes")], None,
                          "clang-apply-replacements")[0])
                continue
            t_import, _ = timed(tars + ["improve", "import", fixes_yaml, "--from", "clang-tidy"],
                                None, "tars import")
            t_exec, out = timed(tars + ["execute", "improvement", "--all-pending"], None,
                                "tars execute")
            if json.loads(out)["status"] != "awaiting_review":
                sys.exit(f"round {round_}: the execution did not apply:\n{out}")
            improvements = len(json.loads(out)["improvementIds"])
            times["tars import"].append(t_import)
            times["tars execute"].append(t_exec)
            times["tars import+execute"].append(t_import + t_exec)
            CPU.setdefault("tars import+execute", []).append(
                CPU["tars import"][-1] + CPU["tars execute"][-1])
        wrong = differing(tars_root, expected)
        if wrong:
            sys.exit(f"round {round_}: tarscli's result differs from the exact application in "
                     f"{len(wrong)} file(s), e.g. {wrong[0]}")
        shutil.rmtree(os.path.join(tars_root, ".tars"))
        cleanup_changed = len(differing(peer, expected))
        shutil.rmtree(peer)
        shutil.rmtree(tars_root)

    ms = {k: statistics.median(v) * 1000 for k, v in times.items()}
    cpu = {k: statistics.median(CPU[k]) * 1000 for k in times}
    print(f"\nclang-tidy over {len(units)} units of core/: {sum(checks.values())} diagnostics "
          f"of {len(checks)} checks, {replacements} distinct replacements in {len(expected)} "
          f"files; tarscli executed {improvements} improvements in one context")
    for name, count in sorted(checks.items()):
        print(f"  {name:55s} {count:5d}")
    print(f"tarscli's result is byte-identical to the exact application; clang's cleanup "
          f"changed {cleanup_changed} of the {len(expected)} files beyond it")
    print(f"{args.rounds} rounds, median milliseconds (wall, CPU):")
    for key in times:
        print(f"  {key:26s} {ms[key]:8.1f}  cpu {cpu[key]:7.1f}")
    base = "clang-apply-replacements"
    print(f"ratio tars import+execute / {base} (goal <= 1.0): wall "
          f"{ms['tars import+execute'] / ms[base]:.2f}x, cpu "
          f"{cpu['tars import+execute'] / cpu[base]:.2f}x")
    print(f"ratio tars execute / {base}: wall {ms['tars execute'] / ms[base]:.2f}x, "
          f"cpu {cpu['tars execute'] / cpu[base]:.2f}x")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
