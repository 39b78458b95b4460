"""The `newsfacts` command: thin wrappers that parse options into `Settings` and call public functions.

Exit status: 0 all documents extracted; 1 some documents went to the errors file (the others were written);
2 usage error (bad option, missing input path, an output naming an input or that cannot be created); 3 the
run could not start (no spaCy model, unreadable gold, Dask missing, the output locked by another run); 4 the
output could not be written (disk full, an I/O error): run again with --resume once fixed; 130 / 143
interrupted by SIGINT / SIGTERM (128 + the signal number): run again with --resume to finish.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from pipeline.batch.interrupt import Interrupted, handled
from pipeline.errors import InputError, NewsfactsError, OutputError, UsageError
from pipeline.settings import Settings, models_from_env

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_FATAL, EXIT_WRITE = 0, 1, 2, 3, 4
DEFAULT_TIMEOUT = 600.0  # seconds per document on the command line (900,000 characters take about 90 s here)

EXTRACT_HELP = """\
example:
  newsfacts extract data/samples -o out/articles.jsonl

Reads .txt (crawler text), .html/.htm, .jsonl (one document per line: id, text or html, optional
published YYYY-MM-DD, url, title), directories (recursively) and '-' (stdin). Writes one Article per
input document, in input order; failed documents go to the errors file (default: OUT.errors.jsonl).
Exit status: 0 all extracted, 1 some documents failed (see the errors file), 2 usage error (also an
output naming an input, or that cannot be created), 3 the run could not start (no model, Dask missing,
the output locked by another run), 4 the output could not be written (disk full): fix, then --resume,
130 / 143 interrupted by Ctrl-C / SIGTERM: run again with --resume to finish.
"""

SCHEMA_HELP = """\
example:
  newsfacts schema > article.schema.json

Prints the JSON Schema of one output line (models.Article).
"""

EVAL_HELP = """\
example:
  newsfacts eval ../shared/gold/seed.jsonl

Runs the pipeline on each gold line and prints per-field precision, recall, F1 and strict F1
(rules in shared/gold/README.md), then the mean strict F1 over dates, people, organisations,
countries and quantities. Facts are scored apart. Strict date matching compares values in their
ISO-TimeML spelling, so that a gold "2000-W7", "199X" or "1968-XX" equals "2000-W07", "199", "1968";
--exact-values compares the strings as written.

A mention suite (lines with "suite" and "expect", the format of data/gold/meantime/README.md) is
scored per label by span overlap instead; --bare scores the spaCy model newsfacts wraps, the same way:
  newsfacts eval data/gold/meantime/entities.jsonl --bare
"""


QUERY_HELP = """\
example:
  newsfacts query out/articles.jsonl "SELECT category, sum(value) FROM quantities GROUP BY 1"

Loads the files into DuckDB views (articles, sections, dates, people, organisations, countries,
quantities, facts); without SQL, lists the views and their columns. The SQL may use only those
views: files, URLs, ATTACH, extensions and settings are refused unless --allow-file-access is given.
"""

EXPORT_HELP = """\
example:
  newsfacts export out/articles.jsonl --to parquet out/tables

Writes the same flat tables as `query` sees, one file per table, with typed columns.
"""

SHOW_HELP = """\
example:
  newsfacts show data/samples/srrsh-pandemic-together.txt -o out/review.html

Renders one self-contained HTML page with every date, person, organisation, country and quantity
highlighted and a table of normalised values; opens offline.
"""


# Settings fields whose command-line option has another name, for error messages
_OPTION_OF_SETTING = {"models": "--model", "categories_file": "--categories", "triggers_file": "--triggers"}


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a date: use YYYY-MM-DD, e.g. 2020-05-20"
        ) from None


def _settings(args: argparse.Namespace, **extra: object) -> Settings:
    models = tuple(args.model) if getattr(args, "model", None) else models_from_env()
    return Settings(models=models, **extra)  # type: ignore[arg-type]


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--model",
        action="append",
        metavar="NAME_OR_DIR",
        help="spaCy model name or directory to use (repeat to give fallbacks; env NEWSFACTS_MODEL)",
    )


def cmd_extract(args: argparse.Namespace) -> int:
    from pipeline.batch.run import extract_files

    settings = _settings(
        args,
        published=args.published,
        include_text=not args.no_text,
        max_chars=args.max_chars,
        timeout=args.timeout or None,
        categories_file=args.categories,
        triggers_file=args.triggers,
    )
    output = None if args.output == "-" else Path(args.output)
    summary = extract_files(
        args.inputs,
        output,
        errors=args.errors,
        settings=settings,
        workers=args.workers,
        resume=args.resume,
        engine=args.engine,
        scheduler=args.scheduler,
        progress=not args.quiet and sys.stderr.isatty(),
    )
    if not args.quiet:
        print(summary.line(), file=sys.stderr)
    return EXIT_PARTIAL if summary.errors else EXIT_OK


def cmd_query(args: argparse.Namespace) -> int:
    from pipeline.outputs.query import run_query

    # The SQL, if any, is the last positional: pipeline.outputs.query.split_sql tells it from a file name.
    result = run_query(
        args.items, None, output_format=args.format, db=args.db, allow_file_access=args.allow_file_access
    )
    print(result, end="")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from pipeline.outputs.export import export_tables

    if len(args.items) < 2:
        raise InputError("export needs one or more Article JSONL files and then the output directory")
    *files, directory = args.items
    for path in export_tables(files, Path(directory), to=args.to):
        print(path)
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from pipeline.outputs.review import write_review

    write_review(args.inputs, args.output, settings=_settings(args, published=args.published))
    print(args.output)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from models import Article

    print(json.dumps(Article.model_json_schema(mode="serialization"), indent=2, ensure_ascii=False))
    return EXIT_OK


def cmd_eval(args: argparse.Namespace) -> int:
    from pipeline.runner import Pipeline
    from pipeline.tools.evaluate import evaluate
    from pipeline.tools.evaluate_suite import evaluate_suite, is_suite

    if not args.gold.is_file():
        raise InputError(f"gold file not found: {str(args.gold)!r}")
    if is_suite(args.gold):
        suite = evaluate_suite(
            args.gold, pipeline=Pipeline(_settings(args)), bare=args.bare, limit=args.limit
        )
        print(json.dumps(suite.as_dict(), indent=2) if args.json else suite.format_table())
        return EXIT_OK
    if args.bare:
        raise InputError("--bare scores a mention suite (the MEANTIME format), not a project gold file")
    report = evaluate(
        args.gold, pipeline=Pipeline(_settings(args)), limit=args.limit, exact_values=args.exact_values
    )
    if args.json:
        print(json.dumps(report.as_dict(), indent=2))
    else:
        print(report.format_table())
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsfacts",
        description="Turn news articles and press releases into validated, source-grounded facts (JSONL).",
        epilog="example:\n  newsfacts extract data/samples -o out/articles.jsonl",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    def add(
        name: str, help_text: str, epilog: str, func: Callable[[argparse.Namespace], int]
    ) -> argparse.ArgumentParser:
        p = sub.add_parser(
            name, help=help_text, description=epilog, formatter_class=argparse.RawDescriptionHelpFormatter
        )
        p.set_defaults(func=func)
        return p

    p = add("extract", "extract articles from files into Article JSONL", EXTRACT_HELP, cmd_extract)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="files, directories, or - for stdin")
    p.add_argument("-o", "--output", required=True, metavar="OUT.jsonl", help="output JSONL (- for stdout)")
    p.add_argument("--errors", type=Path, metavar="FILE", help="errors JSONL (default: OUT.errors.jsonl)")
    p.add_argument(
        "--published", type=_iso_date, metavar="YYYY-MM-DD", help="publication date for inputs without one"
    )
    p.add_argument("--no-text", action="store_true", help="omit Article.text from the output")
    p.add_argument(
        "--max-chars",
        type=int,
        default=Settings().max_chars,
        metavar="N",
        help="larger documents go to the errors file",
    )
    p.add_argument(
        "--timeout",
        type=float,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"a document taking longer goes to the errors file (default {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )
    p.add_argument(
        "--categories",
        type=Path,
        metavar="FILE",
        help="JSON of extra quantity categories: {head word: category}",
    )
    p.add_argument(
        "--triggers", type=Path, metavar="FILE", help='JSON of extra fact triggers: {"donation": ["bestow"]}'
    )
    p.add_argument("-q", "--quiet", action="store_true", help="no summary on stderr")
    _add_model_option(p)

    p.add_argument(
        "--workers", type=int, metavar="N", help="parallel worker processes (default: number of CPUs)"
    )
    p.add_argument("--resume", action="store_true", help="skip ids already in OUT and append the rest")
    p.add_argument(
        "--engine", choices=("local", "dask"), default="local", help="local process pool or a Dask cluster"
    )
    p.add_argument(
        "--scheduler", metavar="tcp://HOST:PORT", help="Dask scheduler address (with --engine dask)"
    )

    p = add("query", "SQL over Article JSONL files (DuckDB)", QUERY_HELP, cmd_query)
    p.add_argument(
        "items", nargs="+", metavar="OUT.jsonl... [SQL]", help="Article JSONL files or globs, then the query"
    )
    p.add_argument("--format", choices=("table", "csv", "json", "jsonl"), default="table")
    p.add_argument("--db", type=Path, metavar="FILE.duckdb", help="persist the tables in a DuckDB file")
    p.add_argument(
        "--allow-file-access",
        action="store_true",
        help="let the SQL read and write other files, ATTACH, INSTALL and LOAD (off: only the views)",
    )

    p = add("export", "flat tables (Parquet or CSV) from Article JSONL", EXPORT_HELP, cmd_export)
    p.add_argument(
        "items", nargs="+", metavar="OUT.jsonl... DIR", help="Article JSONL files, then the output directory"
    )
    p.add_argument("--to", choices=("parquet", "csv"), required=True)

    p = add("show", "an HTML review page with the extractions highlighted", SHOW_HELP, cmd_show)
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="article inputs, or Article JSONL from extract")
    p.add_argument("-o", "--output", type=Path, required=True, metavar="review.html")
    p.add_argument("--published", type=_iso_date, metavar="YYYY-MM-DD")
    _add_model_option(p)

    add("schema", "print the JSON Schema of an output line", SCHEMA_HELP, cmd_schema)

    p = add("eval", "score the pipeline on a gold JSONL file", EVAL_HELP, cmd_eval)
    p.add_argument("gold", type=Path, metavar="GOLD.jsonl")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--limit", type=int, metavar="N", help="score only the first N articles")
    p.add_argument(
        "--exact-values", action="store_true", help="compare date values as strings, spelling and all"
    )
    p.add_argument(
        "--bare", action="store_true", help="score the bare spaCy model instead (mention suites only)"
    )
    _add_model_option(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    # `export OUT.jsonl --to csv DIR` puts DIR after an option, where argparse stops collecting positionals.
    if extra and hasattr(args, "items") and not any(a.startswith("-") for a in extra):
        args.items += extra
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    try:
        with handled():  # SIGINT and SIGTERM raise Interrupted, never in the middle of writing a line
            return int(args.func(args))
    except InputError as e:
        print(f"newsfacts {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except ValidationError as e:
        first = e.errors()[0]
        field = str(first["loc"][0]) if first["loc"] else ""
        option = _OPTION_OF_SETTING.get(field, "--" + field.replace("_", "-")) if field else "(settings)"
        print(f"newsfacts {args.command}: error: bad option {option}: {first['msg']}", file=sys.stderr)
        return EXIT_USAGE
    except UsageError as e:
        print(f"newsfacts {args.command}: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except OutputError as e:
        print(f"newsfacts {args.command}: error: {e}", file=sys.stderr)
        return EXIT_WRITE
    except NewsfactsError as e:
        print(f"newsfacts {args.command}: error: {e}", file=sys.stderr)
        return EXIT_FATAL
    except BrokenPipeError:
        return EXIT_OK
    except Interrupted as e:  # the workers are stopped and every line written is whole
        resumable = args.command == "extract" and args.output != "-"
        then = ": run again with --resume to finish" if resumable else ""
        print(f"newsfacts {args.command}: {e}{then}", file=sys.stderr)
        return e.exit_status


if __name__ == "__main__":
    sys.exit(main())
