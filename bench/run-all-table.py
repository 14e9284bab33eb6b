#!/usr/bin/env python3
"""The table of bench/run-all.sh, from the figures it wrote to its work directory: rows.tsv (row id, what it
measures; in order), runs.tsv (row id, round, key, value) and notrun.tsv (row id, side: row or ref, why). One
Markdown line per goal: Cordon's median, the reference's, the median of the per-round ratios, the goal, met or not.
Keys: SIDE_s and SIDE_kb (wall time, peak RSS), SIDE_rc (an exit status other than the expected one), same (the
binaries identical), median_ms and p90_ms (language server), result (placement).
Usage: run-all-table.py WORK_DIR"""
import os
import statistics
import sys
from collections import defaultdict

work = sys.argv[1]


def tsv(name):
    path = os.path.join(work, name)
    return [line.rstrip("\n").split("\t") for line in open(path) if line.strip()] if os.path.exists(path) else []


runs = defaultdict(lambda: defaultdict(dict))  # row -> round -> key -> value
for row_id, rnd, key, value in tsv("runs.tsv"):
    runs[row_id][int(rnd)][key] = value
notrun = {(row_id, side): why for row_id, side, why in tsv("notrun.tsv")}


def values(row_id, key):
    return [float(r[key]) for _, r in sorted(runs[row_id].items()) if key in r]


def med(row_id, key):
    v = values(row_id, key)
    return statistics.median(v) if v else None


def ratio(row_id, a, b):
    """The median over the rounds of a / b."""
    v = [float(r[a]) / float(r[b]) for r in runs[row_id].values() if a in r and b in r and float(r[b]) > 0]
    return statistics.median(v) if v else None


def secs(x):
    return f"{x:.2f} s"


def time_mem(row_id, side):
    s, kb = med(row_id, side + "_s"), med(row_id, side + "_kb")
    return None if s is None else f"{secs(s)}, {kb / 1024:,.0f} MB"


def failures(row_id):
    """What went wrong in the rounds: unexpected exit statuses, said by side and round."""
    return [f"{k[:-3]} exited {r[k]} in round {n}" for n, r in sorted(runs[row_id].items()) for k in r if k.endswith("_rc")]


def met(row_id, checks):
    """yes, or no with the checks that failed and anything that went wrong; checks: (name, passed or None)."""
    failed = [name for name, ok in checks if not ok] + failures(row_id)
    return "yes" if not failed else "no (" + "; ".join(failed) + ")"


NO_RESULT = "no figures (failed: see the console)"


def build():
    c, r = time_mem("build", "cordon"), time_mem("build", "ref")
    t, m = ratio("build", "cordon_s", "ref_s"), ratio("build", "cordon_kb", "ref_kb")
    same = values("build", "same")
    identical = bool(same) and all(same)
    note = f"; binaries identical in {int(sum(same))} of {len(same)} rounds" if same else ""
    return (note, c, r, None if t is None else f"time {t:.2f}×, memory {m:.2f}×",
            "≤1.0× time, ≤2× memory, identical binaries",
            [("time", t is not None and t <= 1.0), ("memory", m is not None and m <= 2.0), ("identical", identical)])


def compile_():
    t = ratio("compile", "cordon_s", "ref_s")
    return ("", time_mem("compile", "cordon"), time_mem("compile", "ref"), None if t is None else f"{t:.2f}×",
            "≤0.4× checkpolicy's time", [("time", t is not None and t <= 0.4)])


def check_sample():
    c, v, r = med("check_sample", "cordon_s"), med("check_sample", "version_s"), med("check_sample", "ref_s")
    refs = [] if v is None else [f"`cordon --version` {secs(v)}"]
    why = notrun.get(("check_sample", "ref"))
    refs.append(f"`checkpolicy` on Xen 4.22's default policy: not run: {why}" if why
                else f"`checkpolicy` on Xen 4.22's default policy {secs(r)}" if r is not None else "")
    t = ratio("check_sample", "cordon_s", "version_s")
    return ("", None if c is None else time_mem("check_sample", "cordon"), "; ".join(x for x in refs if x),
            None if t is None else f"{t:.2f}× `--version`", "≤0.5 s", [("time", c is not None and c <= 0.5)])


def check_editor():
    s, kb = med("check_editor", "cordon_s"), med("check_editor", "cordon_kb")
    return ("", time_mem("check_editor", "cordon"), "none", "—", "≤1.5 s, ≤300 MB",
            [("time", s is not None and s <= 1.5), ("memory", kb is not None and kb / 1024 <= 300)])


def lsp(row_id, goal_p90):
    m, p = med(row_id, "median_ms"), med(row_id, "p90_ms")
    checks = [("median", m is not None and m <= (150 if goal_p90 else 500))]
    if goal_p90:
        checks.append(("p90", p is not None and p <= 250))
    return ("", None if m is None else f"median {m:,.0f} ms, p90 {p:,.0f} ms", "none (no other server of the language)",
            "—", "median ≤150 ms, p90 ≤250 ms" if goal_p90 else "median ≤500 ms", checks)


def place(row_id, goal, expected):
    s = med(row_id, "cordon_s")
    results = sorted({r["result"] for r in runs[row_id].values() if "result" in r})
    as_expected = bool(results) and all(x.startswith(expected) for x in results)
    return ("", None if s is None else f"{secs(s)}, {' / '.join(results)}",
            "none: no tool places Xen VMs under ACM's Chinese Wall", "—", f"≤{goal} s",
            [("time", s is not None and s <= goal), (f"not {expected}", as_expected)])


def flow():
    t = ratio("flow", "ref_s", "cordon_s")
    return ("", time_mem("flow", "cordon"), time_mem("flow", "ref"),
            None if t is None else f"{t:.1f}× faster (seinfoflow's time / Cordon's)", "≥50× faster",
            [("speed", t is not None and t >= 50)])


ROWS = {
    "build": build, "compile": compile_, "check_sample": check_sample, "check_editor": check_editor,
    "lsp_small": lambda: lsp("lsp_small", True), "lsp_large": lambda: lsp("lsp_large", False),
    "place_search": lambda: place("place_search", 2, "placed"), "place_given": lambda: place("place_given", 0.5, "placed"),
    "place_core": lambda: place("place_core", 5, "infeasible"), "place_large": lambda: place("place_large", 30, "placed"),
    "flow": flow,
}
# rows whose goal compares with the reference: without it, not met or not, not run
RELATIVE = {"build", "compile", "flow"}

print("| work | Cordon, median | reference, median | ratio, median of rounds | goal | met? |")
print("|---|---|---|---|---|---|")
for row_id, work_text in tsv("rows.tsv"):
    note, cordon, ref, rat, goal, checks = ROWS[row_id]()
    if (row_id, "row") in notrun:
        why = "not run: " + notrun[(row_id, "row")]
        print(f"| {work_text} | {why} | | | {goal} | {why} |")
        continue
    ref_why = notrun.get((row_id, "ref"))
    if ref_why and row_id in RELATIVE:
        ref, rat, verdict = f"not run: {ref_why}", "—", f"not run: {ref_why}"
    elif cordon is None:
        verdict = "no (" + "; ".join([NO_RESULT] + failures(row_id)) + ")"
    else:
        verdict = met(row_id, checks)
    print(f"| {work_text}{note} | {cordon or NO_RESULT} | {ref or '—'} | {rat or '—'} | {goal} | {verdict} |")
