"""The `tfhelp` command line: explain tracebacks; search, show, validate and prove records."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tfhelp import __version__
from tfhelp.i18n import Lang, check_lang

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def _width() -> int:
    return max(40, min(100, shutil.get_terminal_size((88, 24)).columns))


def _lang(value: str) -> Lang:
    try:
        return check_lang(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--lang",
        type=_lang,
        default=os.environ.get("TFHELP_LANG", "en"),
        help="language of the help: en or zh (default: en)",
    )
    common.add_argument(
        "--records",
        action="append",
        type=Path,
        metavar="PATH",
        help="load records from PATH instead of the bundled ones (repeatable)",
    )
    as_json = argparse.ArgumentParser(add_help=False)
    as_json.add_argument("--json", action="store_true", help="print JSON instead of text")

    parser = argparse.ArgumentParser(
        prog="tfhelp",
        description="Turn TensorFlow and Keras errors into help, offline.",
    )
    parser.add_argument("--version", action="version", version=f"tfhelp {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser(
        "explain", parents=[common, as_json], help="explain a traceback read from a file or stdin"
    )
    p.add_argument("file", nargs="?", default="-", help="traceback file, or - for stdin (default)")
    p.add_argument("--all", action="store_true", help="show every candidate, not only the best")
    p.add_argument("--brief", action="store_true", help="only the summary: line, cause, first fix")
    p.add_argument(
        "--fix",
        metavar="SCRIPT",
        type=Path,
        help="print the fixes of SCRIPT (the file that raised the traceback) as diffs",
    )

    p = sub.add_parser("search", parents=[common, as_json], help="search the knowledge base")
    p.add_argument("query", nargs="+", help="words, in English or Chinese")
    p.add_argument("-n", "--limit", type=int, default=10, help="how many results (default 10)")

    p = sub.add_parser("show", parents=[common, as_json], help="show one record")
    p.add_argument("id", help="record id, e.g. tensorflow/per-step-gradients-while-loop")

    p = sub.add_parser("validate", help="check record files; exit 1 if any problem")
    p.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: the bundled records)"
    )

    p = sub.add_parser("prove", help="run records' reproducers and snippets under real TensorFlow")
    p.add_argument("targets", nargs="*", help="record ids or files (default: every record)")
    p.add_argument("--records", action="append", type=Path, metavar="PATH")
    p.add_argument(
        "--env",
        metavar="NAME",
        default=None,
        help="run the reproducers in proof environment .venv-NAME (the version matrix)",
    )
    p.add_argument("--reproducers", action="store_true", help="run the reproducers only")
    p.add_argument(
        "--record-proofs",
        action="store_true",
        help="write what each reproducer did on that release into the record's `proofs`",
    )

    p = sub.add_parser("versions", help="the version matrix of the records (Markdown)")
    p.add_argument("--records", action="append", type=Path, metavar="PATH")

    p = sub.add_parser("list", parents=[common], help="list the records")
    p.add_argument(
        "--markdown", action="store_true", help="a Markdown table (docs/covered-errors.md)"
    )

    sub.add_parser("schema", help="print the JSON Schema of a record")

    p = sub.add_parser(
        "coverage", help="the error families by public evidence, and which have a record (Markdown)"
    )
    p.add_argument(
        "--evidence",
        type=Path,
        default=Path("evidence"),
        help="folder of evidence files (default: ./evidence)",
    )
    p.add_argument("--records", action="append", type=Path, metavar="PATH")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse already printed its one-line usage error
        return int(exc.code or 0)
    try:
        return _COMMANDS[args.command](args)
    except CliError as exc:
        print(f"tfhelp: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:  # `tfhelp search x | head`
        return EXIT_OK
    except KeyboardInterrupt:
        return 130


def _knowledge(args: argparse.Namespace) -> Any:
    from tfhelp.knowledge_base import KnowledgeBase, default_knowledge_base

    paths = getattr(args, "records", None)
    if paths:
        for path in paths:
            if not path.exists():
                raise CliError(f"--records: no such file or folder: {path}")
        return KnowledgeBase.from_paths(paths)
    return default_knowledge_base()


MAX_STDIN = 256 * 1024 * 1024  # a stdin that never ends is read this far, then explained
_CHUNK = 1024 * 1024


def _read_stream(stream: Any) -> tuple[bytes, int, bool]:
    """The head and the tail of a stream (what the text path reads), the bytes read, and
    whether reading stopped at MAX_STDIN. Memory stays bounded whatever comes in."""
    from tfhelp.signature.tfblocks import MAX_MESSAGE

    keep = MAX_MESSAGE // 2
    head = bytearray()
    tail = bytearray()
    total = 0
    read = getattr(stream, "read1", stream.read)
    while total < MAX_STDIN:
        chunk = read(_CHUNK)
        if not chunk:
            return bytes(head + tail), total, False
        total += len(chunk)
        if len(head) < keep:
            take = keep - len(head)
            head += chunk[:take]
            chunk = chunk[take:]
        tail += chunk
        if len(tail) > keep:
            del tail[: len(tail) - keep]
    gap = b"\n...\n" if total > 2 * keep else b""
    return bytes(head + gap + tail), total, True


def _read_file(path: Path) -> bytes:
    """A file's text, or its head and tail when it is larger than the text path reads."""
    import stat

    from tfhelp.signature.tfblocks import MAX_MESSAGE

    keep = MAX_MESSAGE // 2
    with path.open("rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):  # a pipe or a device: read it as a stream
            return _read_stream(f)[0]
        if info.st_size <= 2 * keep:
            return f.read()
        head = f.read(keep)
        f.seek(info.st_size - keep)
        return head + b"\n...\n" + f.read(keep)


def _read_input(name: str) -> bytes:
    if name == "-":
        if sys.stdin.isatty():
            raise CliError("explain: paste a traceback on stdin, or name a file")
        try:
            data, total, cut = _read_stream(sys.stdin.buffer)
        except KeyboardInterrupt:
            raise CliError("explain: interrupted while reading stdin") from None
        if cut:
            print(
                f"tfhelp: note: stdin did not end; explaining its first {total // 2**20} MB",
                file=sys.stderr,
            )
        return data
    path = Path(name)
    try:
        return _read_file(path)
    except FileNotFoundError:
        raise CliError(f"explain: no such file: {name}") from None
    except IsADirectoryError:
        raise CliError(f"explain: {name} is a folder, not a traceback file") from None
    except OSError as exc:
        raise CliError(f"explain: cannot read {name}: {exc.strerror}") from None


def _match_json(matches: list[Any]) -> dict[str, Any]:
    return {
        "matches": [
            {
                "id": m.record.id,
                "score": m.score,
                "reason": m.reason,
                "signature": m.record.signature,
                "values": dict(m.values),  # the user's values its regex named ({} when none)
            }
            for m in matches
        ]
    }


def _explain(args: argparse.Namespace) -> int:
    from tfhelp.render.text import render_help, render_no_match
    from tfhelp.signature.paste import decode, looks_binary
    from tfhelp.view import HelpView, match_view, record_view

    data = _read_input(args.file)
    if looks_binary(decode(data[:4096])):
        raise CliError("explain: the input is binary data, not text (expected a traceback)")
    kb = _knowledge(args)
    if getattr(args, "fix", None) is not None:
        return _explain_fix(args, data, kb)
    limit = 10 if args.all else 5
    signature, matches = kb.explain_text(data, limit=limit)
    if args.json:
        print(json.dumps(_match_json(matches), ensure_ascii=False, indent=2))
        return EXIT_OK
    if matches and matches[0].rule == "log":
        view = record_view(matches[0].record, args.lang, known=kb.by_id, match=matches[0])
        print(render_help(view, _width()), end="")
        return EXIT_OK
    if signature is None:
        print("tfhelp: no error found in the input (expected a traceback or an error message)")
        return EXIT_PROBLEMS
    view = match_view(matches, signature, args.lang, kb.by_id)
    if isinstance(view, HelpView):
        print(render_help(view, _width(), brief=args.brief, more="see_all_cli"), end="")
    else:
        print(render_no_match(view, _width()), end="")
    return EXIT_OK if matches else EXIT_PROBLEMS


def _explain_fix(args: argparse.Namespace, data: bytes, kb: Any) -> int:
    """`explain --fix SCRIPT`: the script's fixes for its traceback, as unified diffs."""
    from tfhelp.fixes import fix_script
    from tfhelp.render.text import inert

    try:
        source = args.fix.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise CliError(f"explain --fix: cannot read {args.fix}: {exc.strerror}") from None
    fixes = fix_script(data, str(args.fix), source, kb)
    if args.json:
        found = [
            {
                "record_id": f.record_id,
                "title": f.title_in(args.lang),
                "diff": f.diff,
                "code": f.code,
            }
            for f in fixes
        ]
        print(json.dumps({"fixes": found}, ensure_ascii=False, indent=2))
    elif not fixes:
        print(f"tfhelp: no fix applies to {args.fix} for this error")
    for i, fix in enumerate([] if args.json else fixes, 1):
        print(inert(f"# {i}. {fix.title_in(args.lang)}  [{fix.record_id}]"))
        print(inert(fix.diff), end="")
    return EXIT_OK if fixes else EXIT_PROBLEMS


def _search(args: argparse.Namespace) -> int:
    from tfhelp.render.text import render_search
    from tfhelp.view import search_view

    if args.limit < 1:
        raise CliError("search: --limit must be at least 1")
    query = " ".join(args.query)
    hits = _knowledge(args).searcher.search(query, limit=args.limit)
    if args.json:
        payload = {
            "matches": [
                {
                    "id": h.record.id,
                    "score": h.score,
                    "reason": "search: " + ", ".join(h.matched),
                    "signature": h.record.signature,
                }
                for h in hits
            ]
        }
        print(json.dumps(payload, ensure_ascii=False, indent=2))
    else:
        print(render_search(search_view(query, hits, args.lang), _width()), end="")
    return EXIT_OK if hits else EXIT_PROBLEMS


def _show(args: argparse.Namespace) -> int:
    from tfhelp.render.text import render_help
    from tfhelp.view import record_view

    kb = _knowledge(args)
    record = kb.get(args.id)
    if record is None:
        hits = kb.searcher.search(args.id, limit=3)
        hint = f"; did you mean {hits[0].record.id}?" if hits else ""
        raise CliError(f"show: no record with id {args.id!r}{hint}")
    if args.json:
        print(record.model_dump_json(indent=2))
    else:
        print(render_help(record_view(record, args.lang, known=kb.by_id), _width()), end="")
    return EXIT_OK


def _validate(args: argparse.Namespace) -> int:
    from tfhelp.knowledge import bundled_records_dir, load_paths

    paths = args.paths or [bundled_records_dir()]
    for path in paths:
        if not path.exists():
            raise CliError(f"validate: no such file or folder: {path}")
    result = load_paths(paths)
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"{len(result.problems)} problem(s) in {len(result.records)} loaded record(s)")
        return EXIT_PROBLEMS
    print(f"{len(result.records)} record(s) OK")
    return EXIT_OK


def _prove(args: argparse.Namespace) -> int:
    from tfhelp.knowledge import bundled_records_dir, load_paths
    from tfhelp.prove import Prover

    dirs = args.records or [bundled_records_dir()]
    result = load_paths(dirs)
    records = result.records
    if args.targets:
        wanted = set(args.targets)
        files = {str(Path(t).resolve()) for t in args.targets if t.endswith(".json")}
        records = [
            r
            for r in records
            if r.id in wanted
            or Path(result.sources[r.id]).name in wanted
            or str(Path(result.sources[r.id]).resolve()) in files
            or r.id.rsplit("/", 1)[-1] in wanted
        ]
        if not records:
            raise CliError(f"prove: no record matches {' '.join(args.targets)}")
    if args.env is not None or args.record_proofs:
        return _prove_matrix(args, records, result.sources, dirs)
    failed = 0
    prover = Prover([d for d in dirs if d.is_dir()])
    for record in records:
        try:
            outcome = prover.prove(record) if not args.reproducers else _repro_only(prover, record)
        except KeyboardInterrupt:
            prover.close()
            raise
        status = "ok" if outcome.ok else "FAIL"
        print(f"{status:4} {record.id} ({record.verification_tier})")
        for problem in outcome.problems:
            print(f"     - {problem}")
        for snip in outcome.snippets:
            if not snip.ok:
                print(f"     - snippet {snip.snippet_id}: {snip.detail}")
        failed += not outcome.ok
    prover.close()
    print(f"{len(records) - failed} proven, {failed} failed")
    return EXIT_PROBLEMS if failed else EXIT_OK


def _repro_only(prover: Any, record: Any) -> Any:
    from tfhelp.prove import ProofResult

    outcome = ProofResult(record.id)
    if record.reproducer is not None and record.verification_tier != "not_reproducible":
        outcome.problems.extend(prover.reproducer(record)[0])
    return outcome


def _prove_matrix(
    args: argparse.Namespace, records: list[Any], sources: dict[str, str], dirs: list[Path]
) -> int:
    """Run reproducers in one proof environment; print (and record) what each one did."""
    from tfhelp.prove import ProofError, Prover, environment_python, version_proof
    from tfhelp.versions_matrix import merge_proofs

    try:
        environment_python(args.env)
    except ProofError as exc:
        raise CliError(f"prove: {exc}") from None
    if args.record_proofs and not all(Path(sources[r.id]).is_file() for r in records):
        raise CliError("prove: --record-proofs writes into record files; give record files")
    runnable = [
        r
        for r in records
        if r.reproducer is not None
        and r.reproducer.environment is None
        and r.verification_tier != "not_reproducible"
    ]
    with Prover([d for d in dirs if d.is_dir()]) as prover:
        for record in runnable:
            problems, data = prover.reproducer(record, environment=args.env)
            proof = version_proof(record, data)
            if proof is None:
                print(f"?    {record.id}: {'; '.join(problems) or 'no result'}")
                continue
            mark = {"matched": "ok", "unmatched": "≠", "other_error": "✘", "no_error": "—"}
            tail = proof.message[:90]
            print(f"{mark[proof.outcome]:4} {record.id} on {proof.tensorflow}: {tail}")
            if args.record_proofs:
                merge_proofs(Path(sources[record.id]), [proof])
    print(f"{len(runnable)} reproducer(s) run in {args.env or 'the main environment'}")
    return EXIT_OK


def _versions(args: argparse.Namespace) -> int:
    from tfhelp.knowledge import bundled_records_dir, load_paths
    from tfhelp.versions_matrix import versions_markdown

    records = load_paths(args.records or [bundled_records_dir()]).records
    print(versions_markdown(records), end="")
    return EXIT_OK


def _list(args: argparse.Namespace) -> int:
    from tfhelp.knowledge.catalog import catalog_markdown, catalog_text

    kb = _knowledge(args)
    text = catalog_markdown(kb.records) if args.markdown else catalog_text(kb.records, args.lang)
    print(text, end="")
    return EXIT_OK


def _schema(args: argparse.Namespace) -> int:
    from tfhelp.knowledge.schema import schema_text

    print(schema_text(), end="")
    return EXIT_OK


def _coverage(args: argparse.Namespace) -> int:
    from tfhelp.knowledge import bundled_records_dir, load_paths
    from tfhelp.knowledge.coverage import coverage_markdown, load_areas, problems

    if not args.evidence.is_dir():
        raise CliError(f"coverage: no such folder: {args.evidence}")
    records = load_paths(args.records or [bundled_records_dir()]).records
    areas, bad = load_areas(args.evidence)
    bad += problems(areas, records)
    if bad:
        for line in bad:
            print(line, file=sys.stderr)
        return EXIT_PROBLEMS
    print(coverage_markdown(areas, records), end="")
    return EXIT_OK


_COMMANDS = {
    "explain": _explain,
    "search": _search,
    "show": _show,
    "validate": _validate,
    "prove": _prove,
    "list": _list,
    "schema": _schema,
    "coverage": _coverage,
    "versions": _versions,
}
