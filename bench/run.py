"""tfhelp's speed benchmark: prints a table of figures and a PASS/MISS summary of the targets.

    .venv/bin/python bench/run.py            # the whole run (about 2-3 minutes on 2 cores)
    .venv/bin/python bench/run.py --quick    # fewer repetitions, for a smoke test

See bench/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import corpus
import fixtures
import pastes
import results
import startup
from badinput import LIMIT, run_bad_input
from timing import Stats, fmt, machine_line, once, repeat, table

from tfhelp.knowledge.cache import cache_file
from tfhelp.knowledge_base import KnowledgeBase
from tfhelp.signature import ErrorPart, Signature, from_text
from tfhelp.signature.classes import mro_for_name

REPO = corpus.REPO
PYTHON = sys.executable
SMALL, LARGE = 100, 10_000


@dataclass
class Corpus:
    """One knowledge base the benchmark runs against, with its build times."""

    key: str
    label: str
    paths: list[Path]
    kb: KnowledgeBase
    load_s: float
    matcher_s: float
    searcher_s: float
    generated: int = 0
    warm: dict[str, object] = field(default_factory=dict)  # from the cache, in a fresh process


@dataclass
class Target:
    """One line of the summary."""

    name: str
    figure: str
    ok: bool
    note: str = ""
    key: str = ""  # names the target across runs (the name may hold a corpus size)


@dataclass
class Report:
    """Everything the summary needs, filled in section by section."""

    targets: list[Target] = field(default_factory=list)

    def check(self, name: str, figure: str, ok: bool, note: str = "", key: str = "") -> None:
        self.targets.append(Target(name, figure, ok, note, key or name))


_section_started: list[float] = []


def heading(text: str) -> None:
    """Print a section title (and how long the previous section took)."""
    end_section()
    print(f"\n{text}\n{'=' * len(text)}", flush=True)
    _section_started.append(time.perf_counter())


def end_section() -> None:
    """Print the wall time of the section in progress, if any."""
    if _section_started:
        print(f"  [section: {fmt(time.perf_counter() - _section_started.pop())}]", flush=True)


# 1. Import ----------------------------------------------------------------------------------

_IMPORT_PROBE = """
import sys, time
before = set(sys.modules)
t0 = time.perf_counter()
import tfhelp
t1 = time.perf_counter()
new = sorted(set(sys.modules) - before)
import json
heavy = [m for m in ("tensorflow", "keras", "numpy", "pydantic", "IPython", "ipywidgets")
         if m in sys.modules]
print(json.dumps({"import_s": t1 - t0, "modules": len(new), "heavy": heavy}))
"""

_COLD_PROBE = """
import sys, time
text = open(sys.argv[1], encoding="utf-8").read()
t0 = time.perf_counter()
import tfhelp
t1 = time.perf_counter()
found = tfhelp.diagnose_text(text)
t2 = time.perf_counter()
tfhelp.diagnose_text(text)
t3 = time.perf_counter()
from tfhelp.knowledge_base import default_knowledge_base
import json
print(json.dumps({"import_s": t1 - t0, "first_s": t2 - t1, "second_s": t3 - t2,
                  "records": len(default_knowledge_base()),
                  "cached": default_knowledge_base().from_cache,
                  "pydantic": "pydantic" in sys.modules,
                  "top": found[0].record.id if found else None,
                  "tensorflow": "tensorflow" in sys.modules}))
"""


def _probe(code: str, env: dict[str, str], *args: str) -> dict[str, object]:
    out = subprocess.run(
        [PYTHON, "-c", code, *args], capture_output=True, text=True, env=env, cwd=REPO, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def section_import(report: Report, pycache: Path, pad_dir: Path, runs: int) -> None:
    heading("1. Import and cold start (fresh interpreters)")
    base = {k: v for k, v in os.environ.items() if k not in ("PYTHONDONTWRITEBYTECODE",)}
    base["TFHELP_CACHE_DIR"] = os.environ["TFHELP_CACHE_DIR"]
    cached = {**base, "PYTHONPYCACHEPREFIX": str(pycache)}
    uncached = {**base, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(pycache / "x")}
    _probe(_IMPORT_PROBE, cached)  # writes the bytecode cache once
    rows = []
    results: dict[str, Stats] = {}
    last: dict[str, object] = {}
    for label, env in (("bytecode cached (as installed)", cached), ("no bytecode cache", uncached)):
        probes = [_probe(_IMPORT_PROBE, env) for _ in range(runs)]
        stats = Stats.of([float(p["import_s"]) for p in probes])  # type: ignore[arg-type]
        results[label] = stats
        last = probes[-1]
        rows.append([f"import tfhelp, {label}", runs, fmt(stats.best), fmt(stats.p50)])
    cold_env = {**cached, "TFHELP_RECORDS_PATH": str(pad_dir)}
    sample = fixtures.DATA / "tf_function_dims_must_be_equal.txt"
    _probe(_COLD_PROBE, cold_env, str(sample))  # compiles the knowledge cache once
    colds = [_probe(_COLD_PROBE, cold_env, str(sample)) for _ in range(max(3, runs // 2))]
    total = Stats.of([float(c["import_s"]) + float(c["first_s"]) for c in colds])  # type: ignore[arg-type]
    warm = Stats.of([float(c["second_s"]) for c in colds])  # type: ignore[arg-type]
    rows.append(
        [
            f"import + first diagnose_text ({colds[0]['records']} records)",
            len(colds),
            fmt(total.best),
            fmt(total.p50),
        ]
    )
    first = Stats.of([float(c["first_s"]) for c in colds])  # type: ignore[arg-type]
    rows.append(["  of which the first diagnose_text", len(colds), fmt(first.best), fmt(first.p50)])
    rows.append(["  then a second diagnose_text (warm)", len(colds), fmt(warm.best), fmt(warm.p50)])
    kernel = Stats.of(
        [startup.kernel_first_diagnose(cold_env, REPO, sample) for _ in range(len(colds))]
    )
    rows.append(
        [
            "first diagnose_text after %load_ext tfhelp (IPython)",
            len(colds),
            fmt(kernel.best),
            fmt(kernel.p50),
        ]
    )
    explain, explain_cpu, bare, bare_cpu, status = startup.explain_vs_pass(
        cached, REPO, sample, runs
    )
    rows.append(["`python -c pass` (whole process)", runs, fmt(bare.best), fmt(bare.p50)])
    rows.append(
        [
            f"`tfhelp explain FILE` (whole process, cache warm; exit {status})",
            runs,
            fmt(explain.best),
            fmt(explain.p50),
        ]
    )
    cold_explain = startup.explain_cold_cache(cached, REPO, sample, pycache / "empty-cache")
    rows.append(["`tfhelp explain FILE` with an empty cache folder", 1, fmt(cold_explain), ""])
    print(table(["what", "runs", "best", "median"], rows))
    on_cache = all(bool(c["cached"]) for c in colds)
    no_pydantic = not any(bool(c["pydantic"]) for c in colds)
    print(
        f"  first diagnose_text read the compiled cache: {on_cache}; pydantic imported: "
        f"{not no_pydantic}; `tfhelp explain` minus `python -c pass` (medians): "
        f"{fmt(explain.p50 - bare.p50)}; CPU (user + system, medians): explain "
        f"{fmt(explain_cpu.p50)}, pass {fmt(bare_cpu.p50)}"
    )
    heavy = last["heavy"] or "none"
    tf_loaded = any(bool(c["tensorflow"]) for c in colds)
    print(
        f"  modules imported by `import tfhelp`: {last['modules']}; heavy ones among them: {heavy}"
    )
    print(f"  tensorflow in sys.modules after import tfhelp + diagnose_text: {tf_loaded}")
    cached_p50 = results["bytecode cached (as installed)"].p50
    report.check(
        "import tfhelp ≤ 20 ms (median, bytecode cached)", fmt(cached_p50), cached_p50 <= 0.020
    )
    report.check("tensorflow not imported by tfhelp", str(not tf_loaded), not tf_loaded)
    report.check(
        "cold `tfhelp explain FILE` ≤ 150 ms whole process (median, cache warm)",
        fmt(explain.p50),
        explain.p50 <= 0.150,
        f"python -c pass {fmt(bare.p50)}; CPU {fmt(explain_cpu.p50)} (pass "
        f"{fmt(bare_cpu.p50)}); empty cache {fmt(cold_explain)}",
        key="explain_cold",
    )
    report.check(
        "first diagnose in a fresh kernel ≤ 50 ms (after %load_ext tfhelp, median)",
        fmt(kernel.p50),
        kernel.p50 <= 0.050,
        f"plain process, no preload: {fmt(first.p50)}",
        key="first_diagnose_kernel",
    )
    report.check(
        "first diagnose_text in a fresh process ≤ 50 ms after import (median)",
        fmt(first.p50),
        first.p50 <= 0.050,
        f"with import {fmt(total.p50)}; from cache: {on_cache}",
        key="first_diagnose",
    )


# 2. Corpora ---------------------------------------------------------------------------------


def _load(key: str, label: str, paths: list[Path], generated: int = 0) -> Corpus:
    """Compile the corpus (validate, build the indexes, write the cache), then load it from
    the cache in a fresh process; the benchmark goes on with the cached knowledge base."""
    stale = cache_file(paths)  # section 1 may have compiled these paths already: start cold
    if stale is not None:
        stale.unlink(missing_ok=True)
    load_s, cold = once(lambda: KnowledgeBase.from_paths(paths))
    assert isinstance(cold, KnowledgeBase) and not cold.from_cache
    matcher_s, _ = once(lambda: cold.matcher)
    searcher_s, _ = once(lambda: cold.searcher)
    # A fresh process each time; the median of three (a busy machine stretches one of them).
    # A run that found no valid cache compiled again: a tfhelp source file (part of the key)
    # changed meanwhile, as in a working tree being edited; its successor reads the new file.
    runs: list[dict[str, object]] = []
    for _ in range(6):
        run = startup.warm_load(dict(os.environ), REPO, paths)
        if run["cached"]:
            runs.append(run)
        if len(runs) == 3:
            break
    if not runs:
        runs = [run]
        print(f"  note: {key} found no valid cache in any fresh process (sources changing?)")
    warm = sorted(runs, key=lambda w: _warm_total(w, 0))[len(runs) // 2]
    kb = KnowledgeBase.from_paths(paths)
    if not kb.from_cache:  # a tfhelp source file changed meanwhile (its code is in the key)
        print(f"  note: {key} was compiled again; a tfhelp source file changed during the run")
    return Corpus(key, label, paths, kb, load_s, matcher_s, searcher_s, generated, warm)


@dataclass(frozen=True)
class Layout:
    """Where the corpora live on disk (generated ones in a temporary folder)."""

    records_dir: Path
    ours: int  # record files in records/
    seeds: int  # the seed record, when records/ does not hold it already
    pad_dir: Path
    pad: int
    big_dir: Path
    big: int
    made_s: float


def write_corpora(tmp: Path) -> Layout:
    """Generate the records that pad records/ to ~100 and to 10k (not timed as a figure)."""
    records_dir = REPO / "records"
    ours = len([p for p in corpus.real_record_files() if p.parent == records_dir])
    seeds = len(corpus.seed_record_files())
    start = time.perf_counter()
    pad = corpus.write_corpus(tmp / "pad", SMALL - ours)
    big = corpus.write_corpus(tmp / "big", LARGE - ours)
    made_s = time.perf_counter() - start
    return Layout(records_dir, ours, seeds, tmp / "pad", pad, tmp / "big", big, made_s)


def build_corpora(lay: Layout) -> list[Corpus]:
    heading("2. Corpora: compile (validate, index, write the cache), then load from the cache")
    mix = f"records/ ({lay.ours})" + (f" + seed ({lay.seeds})" if lay.seeds else "")
    corpora = [
        _load(
            "ours", f"ours: {mix} + {lay.pad} generated", [lay.records_dir, lay.pad_dir], lay.pad
        ),
        _load("deadends", "deadends.dev canons (converted on load)", [corpus.DEADENDS_CANONS]),
        _load("10k", f"10k: {mix} + {lay.big} generated", [lay.records_dir, lay.big_dir], lay.big),
    ]
    rows = []
    for c in corpora:
        n = len(c.kb)
        rows.append(
            [
                c.label,
                n,
                len(c.kb.problems),
                fmt(c.load_s),
                fmt(c.matcher_s),
                fmt(c.searcher_s),
                *_warm_cells(c.warm),
            ]
        )
    print(
        table(
            [
                "corpus",
                "records",
                "problems",
                "compile",
                "then matcher",
                "then searcher",
                "cached: load",
                "matcher",
                "searcher",
                "total (CPU)",
            ],
            rows,
        )
    )
    print(
        "  compile: read, validate, build both indexes and write the cache (the first load"
        " after a record file changes); then matcher/searcher: ready from it. cached: a fresh"
        " process loading the same files from the cache (modules imported before timing)."
    )
    print(
        f"  (generating and writing the {lay.pad + lay.big} generated records took"
        f" {fmt(lay.made_s)};"
        " not part of any figure)"
    )
    for c in corpora:
        for problem in c.kb.problems[:3]:
            print(f"  problem in {c.key}: {problem}")
    return corpora


def _warm_total(warm: dict[str, object], clock: int) -> float:
    return sum(float(warm[k][clock]) for k in ("load", "matcher", "searcher"))  # type: ignore[index]


def _warm_cells(warm: dict[str, object]) -> list[str]:
    def cell(k: str) -> str:
        return fmt(float(warm[k][0]))  # type: ignore[index]

    total = f"{fmt(_warm_total(warm, 0))} ({fmt(_warm_total(warm, 1))})"
    return [cell("load"), cell("matcher"), cell("searcher"), total]


def check_warm(report: Report, big: Corpus) -> None:
    """The 10k corpus loaded with its indexes from the cache, in a fresh process."""
    warm = big.warm
    wall, cpu = _warm_total(warm, 0), _warm_total(warm, 1)
    report.check(
        f"{len(big.kb)} records load + index ≤ 0.5 s from the cache (fresh process, median of 3)",
        fmt(wall),
        wall <= 0.5 and bool(warm["cached"]),
        f"CPU {fmt(cpu)}; compiling them: {fmt(big.load_s + big.matcher_s + big.searcher_s)}",
        key="warm_load_10k",
    )


# 3-5. Extraction, match, search ----------------------------------------------------------------


def section_extract(fxs: list[fixtures.Fixture], reps: int) -> dict[str, tuple[Signature, Stats]]:
    heading("3. Signature extraction: tfhelp.signature.from_text(traceback text)")
    out: dict[str, tuple[Signature, Stats]] = {}
    samples: list[float] = []
    for fx in fxs:
        sig = from_text(fx.text)
        assert sig is not None, fx.name
        times = repeat(lambda fx=fx: from_text(fx.text), reps)
        samples.extend(times)
        out[fx.name] = (sig, Stats.of(times))
    pooled = Stats.of(samples)
    print(
        f"  {len(fxs)} tracebacks ({min(len(f.text) for f in fxs)}-{max(len(f.text) for f in fxs)}"
        f" chars) x {reps}: p50 {fmt(pooled.p50)}, p99 {fmt(pooled.p99)}, worst {fmt(pooled.worst)}"
        " (per-traceback p50 in the table of section 4)"
    )
    return out


def section_match(
    report: Report,
    corpora: list[Corpus],
    fxs: list[fixtures.Fixture],
    sigs: dict[str, tuple[Signature, Stats]],
    reps: dict[str, int],
) -> None:
    heading("4. Match: KnowledgeBase.matcher.match(signature), signature extracted once")
    per: dict[str, dict[str, Stats]] = {}
    tops: dict[str, str] = {}
    cpu_p50: dict[str, float] = {}
    pooled_rows = []
    for c in corpora:
        matcher = c.kb.matcher
        samples: list[float] = []
        cpu: list[float] = []
        per[c.key] = {}
        for fx in fxs:
            sig = sigs[fx.name][0]
            times = repeat(lambda sig=sig, m=matcher: m.match(sig), reps[c.key], cpu=cpu)
            samples.extend(times)
            per[c.key][fx.name] = Stats.of(times)
            if c.key == "10k":
                found = matcher.match(sig)
                tops[fx.name] = f"{found[0].record.id} ({found[0].score})" if found else "-"
        pooled = Stats.of(samples)
        per[c.key]["*"] = pooled
        cpu_p50[c.key] = Stats.of(cpu).p50
        pooled_rows.append(
            [
                c.label,
                len(c.kb),
                f"{len(fxs)} x {reps[c.key]}",
                fmt(pooled.p50),
                fmt(pooled.p99),
                fmt(pooled.worst),
                fmt(cpu_p50[c.key]),
            ]
        )
    print(table(["corpus", "records", "calls", "p50", "p99", "worst", "p50 CPU"], pooled_rows))
    print()
    rows = []
    for fx in fxs:
        rows.append(
            [
                fx.name,
                len(fx.text),
                fmt(sigs[fx.name][1].p50),
                *(fmt(per[c.key][fx.name].p50) for c in corpora),
                tops[fx.name][:58],
            ]
        )
    print(
        table(
            [
                "traceback",
                "chars",
                "extract",
                *(f"match {c.key}" for c in corpora),
                "top match at 10k",
            ],
            rows,
        )
    )
    small, large = per["ours"]["*"], per["10k"]["*"]
    report.check(
        f"match p50 ≤ 0.5 ms at ~{len(corpora[0].kb)} records (ours)",
        fmt(small.p50),
        small.p50 <= 0.0005,
        f"p99 {fmt(small.p99)}; CPU p50 {fmt(cpu_p50['ours'])}",
        key="match_p50_ours",
    )
    report.check(
        f"match p50 ≤ 2 ms at {len(corpora[2].kb)} records",
        fmt(large.p50),
        large.p50 <= 0.002,
        f"p99 {fmt(large.p99)}; CPU p50 {fmt(cpu_p50['10k'])}",
        key="match_p50_10k",
    )
    self_match(corpora[2])


def self_match(c: Corpus, every: int = 40) -> None:
    """Sanity check: a generated record's own signature should find that record first."""
    records = [r for r in c.kb.records if r.id.startswith("gen/")][::every]
    first = tied = lower = missing = 0
    samples: list[float] = []
    for record in records:
        type_name, _, message = record.signature.partition(": ")
        sig = Signature(error=ErrorPart(type_name, type_name, mro_for_name(type_name), message))
        seconds, found = once(lambda sig=sig: c.kb.matcher.match(sig))
        samples.append(seconds)
        ranked = {m.record.id: m.score for m in found}  # type: ignore[attr-defined,union-attr]
        top = max(ranked.values(), default=None)
        if found and found[0].record.id == record.id:  # type: ignore[index]
            first += 1
        elif record.id not in ranked:
            missing += 1
        elif ranked[record.id] == top:
            tied += 1
        else:
            lower += 1
    stats = Stats.of(samples)
    print(
        f"\n  self-match at {len(c.kb)}: of {len(records)} generated records, fed their own "
        f"signature: {first} first, {tied} tied with a sibling's equal score, {lower} ranked "
        f"lower, {missing} not in the top 5; p50 {fmt(stats.p50)}, p99 {fmt(stats.p99)}"
    )


def section_search(report: Report, corpora: list[Corpus], reps: dict[str, int]) -> None:
    heading("5. Search: KnowledgeBase.searcher.search(query)")
    typo_rows = []
    typo: dict[str, float] = {}
    for c in corpora:
        fresh = c.kb.searcher
        seconds, _ = once(lambda fresh=fresh: fresh.search("whlie_loop"))
        typo[c.key] = seconds
        fresh_process = fmt(float(c.warm["typo"][0]))  # type: ignore[index]
        typo_rows.append([c.key, fmt(seconds), fresh_process])
    print(
        table(
            ["corpus", "first typo query (one-deletion index from the cache)", "fresh process"],
            typo_rows,
        )
    )
    print()
    per: dict[str, dict[str, Stats]] = {}
    cpu_p50: dict[str, float] = {}
    hits: dict[str, str] = {}
    for c in corpora:
        searcher = c.kb.searcher
        per[c.key] = {}
        samples: list[float] = []
        cpu: list[float] = []
        for q in fixtures.QUERIES:
            times = repeat(lambda q=q, s=searcher: s.search(q), reps[c.key], cpu=cpu)
            samples.extend(times)
            per[c.key][q] = Stats.of(times)
            if c.key == "10k":
                found = searcher.search(q)
                hits[q] = f"{len(found)}: {found[0].record.id}" if found else "0"
        per[c.key]["*"] = Stats.of(samples)
        cpu_p50[c.key] = Stats.of(cpu).p50
        if c.key == "10k":
            cpu_p99 = Stats.of(cpu).p99
    rows = [
        [q, *(fmt(per[c.key][q].p50) for c in corpora), fmt(per["10k"][q].p99), hits[q][:50]]
        for q in fixtures.QUERIES
    ]
    rows.append(
        [
            "all queries, pooled",
            *(fmt(per[c.key]["*"].p50) for c in corpora),
            fmt(per["10k"]["*"].p99),
            "",
        ]
    )
    rows.append(["  the same, CPU time", *(fmt(cpu_p50[c.key]) for c in corpora), "", ""])
    print(
        table(["query", *(f"p50 {c.key}" for c in corpora), "p99 10k", "hits at 10k: first"], rows)
    )
    large = per["10k"]["*"]
    report.check(
        f"search p50 ≤ 5 ms at {len(corpora[2].kb)} records",
        fmt(large.p50),
        large.p50 <= 0.005,
        f"p99 {fmt(large.p99)}; CPU p50 {fmt(cpu_p50['10k'])}",
        key="search_p50_10k",
    )
    report.check(
        f"search p99 ≤ 5 ms at {len(corpora[2].kb)} records (CPU time, as section 8)",
        fmt(cpu_p99),
        cpu_p99 <= 0.005,
        f"wall p99 {fmt(large.p99)}",
        key="search_p99_10k",
    )
    report.check(
        f"first typo query ≤ 50 ms at {len(corpora[2].kb)} records (index from the cache)",
        fmt(typo["10k"]),
        typo["10k"] <= 0.050,
        f"fresh process {fmt(float(corpora[2].warm['typo'][0]))}",  # type: ignore[index]
        key="first_typo_10k",
    )


# 6. The peer ------------------------------------------------------------------------------------


def section_peer(
    report: Report,
    deadends: Corpus,
    fxs: list[fixtures.Fixture],
    sigs: dict[str, tuple[Signature, Stats]],
    reps: int,
) -> None:
    from peer import load_peer

    heading("6. deadends.dev 0.9.0's own lookup on the same tracebacks, over its own corpus")
    peer = load_peer()
    if peer is None:
        print(
            "  deadends-dev is not installed: .venv/bin/pip install deadends-dev==0.9.0 jsonschema"
        )
        report.check("≥ 10x faster than deadends.dev lookup", "not measured", False)
        return
    matcher = deadends.kb.matcher
    theirs: list[float] = []
    ours_e2e: list[float] = []
    ours_match: list[float] = []
    rows = []
    for fx in fxs:
        t = repeat(lambda fx=fx: peer.lookup_all(fx.text), reps, warmup=0)
        sig = sigs[fx.name][0]
        e = repeat(lambda fx=fx: matcher.match(from_text(fx.text)), reps * 10)  # type: ignore[arg-type]
        m = repeat(lambda sig=sig: matcher.match(sig), reps * 10)
        theirs.extend(t)
        ours_e2e.extend(e)
        ours_match.extend(m)
        best = peer.lookup_all(fx.text)
        rows.append(
            [
                fx.name,
                fmt(Stats.of(t).p50),
                fmt(Stats.of(e).p50),
                f"{Stats.of(t).p50 / Stats.of(e).p50:.0f}x",
                f"{len(best)}: {best[0]['id']}"[:48] if best else "0",
            ]
        )
    print(
        f"  deadends-dev {peer.version}: {peer.corpus_size} canons bundled; its first call "
        f"(load + compile all) took {fmt(peer.cold_seconds)}; tfhelp's same-corpus load + "
        f"matcher build: {fmt(deadends.load_s + deadends.matcher_s)}"
    )
    print(
        table(
            [
                "traceback",
                "deadends lookup_all p50",
                "tfhelp extract+match p50",
                "speed-up",
                "deadends hits: first",
            ],
            rows,
        )
    )
    t_all, e_all, m_all = Stats.of(theirs), Stats.of(ours_e2e), Stats.of(ours_match)
    print()
    print(
        table(
            ["pooled over all tracebacks", "p50", "p99"],
            [
                ["deadends lookup_all(text)", fmt(t_all.p50), fmt(t_all.p99)],
                ["tfhelp from_text + match (2.5k corpus)", fmt(e_all.p50), fmt(e_all.p99)],
                ["tfhelp match only (2.5k corpus)", fmt(m_all.p50), fmt(m_all.p99)],
            ],
        )
    )
    ratio = t_all.p50 / e_all.p50
    print(
        f"  speed ratio tfhelp/deadends (p50 time): extract+match {e_all.p50 / t_all.p50:.3f}"
        f" ({ratio:.0f}x faster); match only {m_all.p50 / t_all.p50:.3f}"
        f" ({t_all.p50 / m_all.p50:.0f}x faster)"
    )
    report.check(
        "≥ 10x faster than deadends.dev lookup (p50, extract+match)",
        f"{ratio:.0f}x",
        ratio >= 10,
        f"match only {t_all.p50 / m_all.p50:.0f}x",
    )


# 7. Real pastes -------------------------------------------------------------------------------


def section_pastes(report: Report, ours: Corpus, reps: int) -> None:
    heading("7. Text path on real pastes: KnowledgeBase.explain_text(paste), read as pasted")
    corpus_pastes = pastes.load()
    if not corpus_pastes:
        print(f"  no pastes in {pastes.PASTES}")
        report.check("text path on real pastes", "not measured", False)
        return
    r = pastes.run(ours.kb, corpus_pastes, reps=reps, big_reps=3)
    print(
        table(
            ["what", "calls", "p50", "p99", "worst", "p50 CPU"],
            [
                [
                    f"{r.pastes} pastes ({r.chars[0]}-{r.chars[1]} bytes), {len(ours.kb)} records",
                    f"{r.pastes} x {reps}",
                    fmt(r.per_paste.p50),
                    fmt(r.per_paste.p99),
                    fmt(r.per_paste.worst),
                    fmt(r.cpu.p50),
                ],
                [
                    f"one {r.big_mb:.0f} MB paste (a training log ending in an error)",
                    r.big_wall.n,
                    fmt(r.big_wall.p50),
                    "",
                    fmt(r.big_wall.worst),
                    f"worst {fmt(r.big_cpu_worst)}",
                ],
            ],
        )
    )
    per_mb = r.big_cpu_worst / r.big_mb
    print(
        f"  per MB of the big paste: {fmt(r.big_wall.p50 / r.big_mb)} wall (p50), "
        f"{fmt(per_mb)} CPU (worst); it reads a bounded head and tail, so the time is flat"
    )
    print(
        f"  found: {r.expected_first}/{r.expected} pastes with a record ranked it first; "
        f"{r.not_tf_clean}/{r.not_tf} pastes of other libraries got nothing; "
        f"{r.unlabelled_found}/{r.unlabelled} TF pastes with no record named got some match"
    )
    report.check(
        "text path on a 100 MB paste well under 100 ms per MB (CPU, worst)",
        f"{fmt(per_mb)}/MB",
        per_mb < pastes.PER_MB_LIMIT / 10,
        f"whole paste {fmt(r.big_cpu_worst)} CPU",
    )
    report.check(
        "real pastes: each expected record ranked first",
        f"{r.expected_first}/{r.expected}",
        r.expected_first == r.expected,
        f"p50 {fmt(r.per_paste.p50)}, p99 {fmt(r.per_paste.p99)} per paste",
    )


# 8. Bad input --------------------------------------------------------------------------------


def section_bad(report: Report, big: Corpus, tmp: Path) -> None:
    heading("8. Bad input: bounds on time")
    results, notes = run_bad_input(big.kb, tmp)
    rows = [[r.what, fmt(r.p50), fmt(r.worst), fmt(r.cpu), r.note] for r in results]
    print(table(["case", "p50", "worst", "worst CPU", "note"], rows))
    for line in notes:
        print(f"  - {line}")
    for r in results:
        if r.target is not None:
            ok = r.judged < LIMIT if r.ok is None else r.ok
            report.check(r.target, f"{fmt(r.judged)} CPU", ok, r.summary)


# Summary -----------------------------------------------------------------------------------


def section_summary(report: Report, quick: bool) -> None:
    heading("9. Targets (beside the previous run's figures, bench/results/latest.json)")
    previous = results.load_previous()
    when = results.previous_when()
    print(f"  previous run: {when or 'none recorded'}")
    rows = [
        [
            "PASS" if t.ok else "MISS",
            t.name,
            t.figure,
            results.previous_cell(previous, t.key),
            t.note,
        ]
        for t in report.targets
    ]
    print(table(["", "target", "measured", "previous", "also"], rows))
    results.save(
        {
            t.key: {"name": t.name, "figure": t.figure, "ok": t.ok, "note": t.note}
            for t in report.targets
        },
        machine_line(),
        quick,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--quick", action="store_true", help="fewer repetitions (a smoke test)")
    args = parser.parse_args(argv)
    q = 5 if args.quick else 1
    started = time.perf_counter()
    print(
        f"tfhelp speed benchmark: Python {platform.python_version()} on {platform.machine()}, "
        f"{machine_line()}"
    )
    report = Report()
    fxs = fixtures.load()
    with tempfile.TemporaryDirectory(prefix="tfhelp-bench-") as name:
        tmp = Path(name)
        # Every knowledge base of the run is compiled into a fresh cache folder.
        os.environ["TFHELP_CACHE_DIR"] = str(tmp / "cache")
        layout = write_corpora(tmp)
        section_import(report, tmp / "pycache", layout.pad_dir, runs=max(3, 10 // q))
        corpora = build_corpora(layout)
        check_warm(report, corpora[2])
        # The corpora stay for the whole run: move them out of the collector's way once, so that
        # timings measure tfhelp rather than full collections over millions of record objects.
        gc.collect()
        gc.freeze()
        sigs = section_extract(fxs, reps=200 // q)
        section_match(
            report, corpora, fxs, sigs, {"ours": 400 // q, "deadends": 40 // q, "10k": 120 // q}
        )
        section_search(report, corpora, {"ours": 300 // q, "deadends": 60 // q, "10k": 20 // q})
        section_peer(report, corpora[1], fxs, sigs, reps=max(1, 2 // q))
        section_pastes(report, corpora[0], reps=max(2, 20 // q))
        section_bad(report, corpora[2], tmp)
    end_section()
    section_summary(report, args.quick)
    print(f"\n  whole run: {fmt(time.perf_counter() - started)}; {machine_line()}")
    return 0 if all(t.ok for t in report.targets) else 1


if __name__ == "__main__":
    raise SystemExit(main())
