#!/usr/bin/env python3
# bench-export.py — how fast and in how much memory a document is exported,
# as whole processes against their floors
#
# Copyright 2026 The Annalist authors
# SPDX-License-Identifier: GPL-3.0-or-later
#
#   bench-export.py ANNALIST READ_FLOOR [ROUNDS]
#
# A benchmark (meson test --benchmark export), never a timed test: it prints
# figures and ratios beside the targets, and fails only when a command does.
# With hyperfine it times, as whole processes (no shell):
#
#   annalist --version                         the cost of starting at all
#   the sample year exported to .odt and .fodt (the annual report)
#   the read floor of the sample year          read-floor on the export's trace
#   --sample-scale=100 exported to .odt
#   the read floor of ×100
#   gzip -1 of the ×100 export's content.xml   the cost of the bytes alone
#
# and with /usr/bin/time -v the peak memory of the ×100 export. The read
# floor (tests/read-floor.c) runs the SELECTs the export itself ran, as
# recorded with ANNALIST_TRACE_SQL. Each round times every command again
# (the medians of hyperfine's runs); the ratios are printed for every
# round and as ranges over the rounds, since other work on the machine
# moves them, and once more from the fastest run of each command over
# all rounds, the figure least disturbed by that work.

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

YEAR = "2022-2023"
TARGETS = {
    "x1_vs_version": 1.5,
    "x100_vs_floor": 3.0,
    "peak_mb": 28.6,
}


def run(args, **kwargs):
    subprocess.run(args, check=True, **kwargs)


def main():
    if len(sys.argv) < 3:
        print("usage: bench-export.py ANNALIST READ_FLOOR [ROUNDS]", file=sys.stderr)
        return 2
    annalist, floor = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else int(os.environ.get("BENCH_ROUNDS", "3"))

    for tool in ("hyperfine", "gzip", "/usr/bin/time"):
        if shutil.which(tool) is None:
            print(f"{tool} is missing: .ci/install-deps --benchmarks installs it", file=sys.stderr)
            return 77

    # Only what the program needs: no MALLOC_CHECK_ or G_DEBUG of the tests.
    env = {k: v for k, v in os.environ.items() if k not in ("MALLOC_CHECK_", "G_DEBUG", "G_SLICE")}
    env["LC_ALL"] = "C.UTF-8"

    tmp = tempfile.mkdtemp(prefix="annalist-bench-")
    try:
        return bench(annalist, floor, rounds, env, tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def bench(annalist, floor, rounds, env, tmp):
    def path(name):
        return os.path.join(tmp, name)

    s1, s100 = path("sample.db"), path("scaled.db")
    run([annalist, f"--database={s1}", "--init-sample"], env=env)
    run([annalist, f"--database={s100}", "--init-sample", "--sample-scale=100"], env=env)

    def export(db, out):
        return [annalist, f"--database={db}", f"--export-report={YEAR}", f"--output={out}"]

    # The export's own statements, recorded once per database.
    traces = {}
    for name, db in (("x1", s1), ("x100", s100)):
        traces[name] = path(f"{name}.sql")
        run(export(db, path(f"{name}-trace.odt")), env=dict(env, ANNALIST_TRACE_SQL=traces[name]))
        summary = subprocess.run([floor, "--verbose", db, traces[name]], env=env, check=True,
                                 capture_output=True, text=True).stderr.strip()
        print(f"read floor {name}: {summary}")

    with zipfile.ZipFile(path("x100-trace.odt")) as odt:
        content = path("content.xml")
        with open(content, "wb") as f:
            f.write(odt.read("content.xml"))
    print(f"x100 content.xml: {os.path.getsize(content) / 1e6:.1f} MB, "
          f"the .odt {os.path.getsize(path('x100-trace.odt')) / 1e6:.2f} MB")

    commands = [
        ("version", [annalist, "--version"], 30),
        ("x1_odt", export(s1, path("r1.odt")), 30),
        ("x1_fodt", export(s1, path("r1.fodt")), 30),
        ("x1_floor", [floor, s1, traces["x1"]], 30),
        ("x100_odt", export(s100, path("r100.odt")), 10),
        ("x100_floor", [floor, s100, traces["x100"]], 10),
        ("x100_gzip", ["gzip", "-1", "-c", content], 10),
    ]

    results = []   # one {name: median seconds} a round
    fastest = {}   # name: the fastest run over all rounds, seconds
    for r in range(rounds):
        medians = {}
        for name, args, runs in commands:
            out = path(f"{name}.json")
            cmd = " ".join(_quote(a) for a in args)
            done = subprocess.run(["hyperfine", "--shell=none", "--style=none", "--warmup=3",
                                   f"--runs={runs}", f"--export-json={out}", cmd],
                                  env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0:
                sys.stderr.write(done.stderr)
                raise subprocess.CalledProcessError(done.returncode, cmd)
            with open(out) as f:
                result = json.load(f)["results"][0]
            medians[name] = result["median"]
            fastest[name] = min(fastest.get(name, result["min"]), result["min"])
        results.append(medians)
        print(f"round {r + 1}: " + ", ".join(f"{n} {medians[n] * 1000:.1f} ms" for n, _, _ in commands))
        print("  " + ratios_line(medians))

    # Peak memory of the ×100 export, as /usr/bin/time -v reports it.
    peaks = []
    for _ in range(5):
        done = subprocess.run(["/usr/bin/time", "-v"] + export(s100, path("r100.odt")), env=env,
                              check=True, capture_output=True, text=True)
        kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1))
        peaks.append(kb / 1024)

    print()
    print(f"Over {rounds} round(s), medians of each command's runs (min–max over the rounds), "
          f"and the fastest run:")
    for name, _, _ in commands:
        values = [m[name] * 1000 for m in results]
        print(f"  {name:11} {span(values, '{:.1f}')} ms   fastest {fastest[name] * 1000:.1f} ms")
    print()
    checks = [
        ("x1 .odt / annalist --version", "x1_odt", "version",
         TARGETS["x1_vs_version"], "about 2.4 before the template engine"),
        ("x1 .fodt / annalist --version", "x1_fodt", "version", None, None),
        ("x1 .odt / x1 read floor", "x1_odt", "x1_floor", None, None),
        ("x100 .odt / x100 read floor", "x100_odt", "x100_floor",
         TARGETS["x100_vs_floor"], "about 8 before the template engine"),
        ("x100 .odt / gzip -1 of its content.xml", "x100_odt", "x100_gzip",
         None, "about 4.6 before the template engine"),
    ]
    print("Ratios of the medians (min–max over the rounds), then of the fastest runs:")
    for label, a, b, target, before in checks:
        values = [m[a] / m[b] for m in results]
        line = f"  {label:40} {span(values, '{:.2f}')}×  fastest {fastest[a] / fastest[b]:.2f}×"
        if target is not None:
            line += f"  (target ≤ {target}: {verdict(values, target)})"
        if before:
            line += f"  [{before}]"
        print(line)
    print(f"  {'x100 .odt peak memory':40} {span(peaks, '{:.1f}')} MB"
          f"  (target ≤ {TARGETS['peak_mb']} MB: {verdict(peaks, TARGETS['peak_mb'])})")
    return 0


def ratios_line(m):
    return (f"x1/version {m['x1_odt'] / m['version']:.2f}, x1/floor {m['x1_odt'] / m['x1_floor']:.2f}, "
            f"x100/floor {m['x100_odt'] / m['x100_floor']:.2f}, x100/gzip {m['x100_odt'] / m['x100_gzip']:.2f}")


def span(values, fmt):
    lo, hi = min(values), max(values)
    return fmt.format(lo) if fmt.format(lo) == fmt.format(hi) else f"{fmt.format(lo)}–{fmt.format(hi)}"


def verdict(values, target):
    if max(values) <= target:
        return "met"
    if min(values) <= target:
        return "met in some rounds only"
    return "NOT met"


def _quote(arg):
    # hyperfine --shell=none splits the command line like a shell would.
    return "'" + arg.replace("'", "'\\''") + "'" if re.search(r"[^\w@%+=:,./-]", arg) else arg


if __name__ == "__main__":
    sys.exit(main())
