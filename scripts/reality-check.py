#!/usr/bin/env python3
"""Run `bundlec check` over every YAML file below a directory and report what happened.

Per file: whether bundlec crashed (a signal, a panic, or an exit code other than 0, 1
or 2), how many YAML parse errors (S001) it reported, and which rules fired. Totals per
code close the report. If the directory holds a MANIFEST.tsv with `path` and `kind`
columns, files of kind `templated` (Jinja and other placeholders) are skipped, since they
are not YAML until rendered.

Usage: scripts/reality-check.py DIR [--bundlec PATH] [--json]
"""

import argparse
import collections
import csv
import json
import os
import subprocess
import sys


def templated_files(root):
    manifest = os.path.join(root, "MANIFEST.tsv")
    skipped = set()
    if not os.path.exists(manifest):
        return skipped
    with open(manifest, newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            path = row.get("local_path") or row.get("path") or ""
            if row.get("kind") == "templated" and path:
                skipped.add(os.path.normpath(path))
    return skipped


def yaml_files(root):
    for directory, _, names in os.walk(root):
        for name in sorted(names):
            if name.endswith((".yaml", ".yml")):
                yield os.path.join(directory, name)


def check(bundlec, path):
    result = subprocess.run(
        [bundlec, "check", "--format", "json", path],
        capture_output=True,
        text=True,
        timeout=60,
    )
    crashed = result.returncode not in (0, 1, 2) or "panicked" in result.stderr
    codes = collections.Counter()
    severities = {}
    if result.returncode in (0, 1):
        try:
            report = json.loads(result.stdout)
        except json.JSONDecodeError:
            crashed = True
            report = {"diagnostics": []}
        for diagnostic in report["diagnostics"]:
            codes[diagnostic["code"]] += 1
            severities[diagnostic["code"]] = diagnostic["severity"]
    return {
        "exit": result.returncode,
        "crashed": crashed,
        "stderr": result.stderr.strip().splitlines()[-1:] if result.returncode == 2 else [],
        "codes": codes,
        "severities": severities,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory")
    parser.add_argument("--bundlec", default=os.path.join("target", "debug", "bundlec"))
    parser.add_argument("--json", action="store_true", help="print the per-file results as JSON")
    args = parser.parse_args()
    if not os.path.exists(args.bundlec):
        sys.exit(f"{args.bundlec} not found: run `cargo build -p bundlec` first, or pass --bundlec")

    skipped = templated_files(args.directory)
    totals = collections.Counter()
    error_totals = collections.Counter()
    files = crashes = skipped_count = unreadable = 0
    results = {}
    for path in yaml_files(args.directory):
        relative = os.path.normpath(os.path.relpath(path, args.directory))
        if relative in skipped:
            skipped_count += 1
            continue
        files += 1
        outcome = check(args.bundlec, path)
        results[relative] = outcome
        crashes += outcome["crashed"]
        unreadable += outcome["exit"] == 2
        for code, count in outcome["codes"].items():
            totals[code] += count
            if outcome["severities"][code] == "error":
                error_totals[code] += count
        if not args.json:
            status = "CRASH" if outcome["crashed"] else f"exit {outcome['exit']}"
            hits = " ".join(f"{code}x{count}" for code, count in sorted(outcome["codes"].items()))
            parse_errors = outcome["codes"].get("S001", 0)
            note = " ".join(outcome["stderr"])
            print(f"{relative}: {status}, parse errors {parse_errors}, hits: {hits or '-'} {note}".rstrip())

    if args.json:
        for outcome in results.values():
            outcome["codes"] = dict(outcome["codes"])
        json.dump(results, sys.stdout, indent=2)
        print()
    print(f"\nfiles checked: {files}, skipped as templated: {skipped_count}, crashes: {crashes}, not readable: {unreadable}")
    print("diagnostics by code (errors in brackets):")
    for code, count in sorted(totals.items()):
        print(f"  {code}: {count} [{error_totals.get(code, 0)}]")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
