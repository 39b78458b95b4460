"""The lexicon check: today's data passes, every file is covered, a broken copy gives one exact message."""

from __future__ import annotations

import json
import pickle
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from pipeline.errors import InputError, LexiconError, OutputError, ResourceError, UsageError
from pipeline.lexicon_check import LEXICONS, NOT_LEXICONS, check_lexicons
from pipeline.resources import load_json, load_lines, load_tsv

DATA = Path(__file__).resolve().parents[2] / "data" / "lexicons"


@pytest.fixture
def lexicons(tmp_path: Path) -> Path:
    """A copy of data/lexicons to break."""
    for name in LEXICONS:
        shutil.copy(DATA / name, tmp_path / name)
    return tmp_path


def _edit_json(directory: Path, name: str, change: Callable[[dict[str, Any]], None]) -> None:
    path = directory / name
    data = json.loads(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def _append(directory: Path, name: str, line: str) -> int:
    """Add a line at the end of a table or word list; its line number."""
    path = directory / name
    text = path.read_text(encoding="utf-8")
    path.write_text(text.rstrip("\n") + "\n" + line + "\n", encoding="utf-8")
    return len(text.rstrip("\n").splitlines()) + 1


def _problem(directory: Path) -> str:
    with pytest.raises(LexiconError) as caught:
        check_lexicons(directory=directory)
    return str(caught.value)


def test_todays_data_passes() -> None:
    check_lexicons()
    check_lexicons(directory=DATA)


def test_every_file_in_the_folder_is_checked() -> None:
    files = {p.name for p in DATA.iterdir() if p.is_file()}
    assert set(LEXICONS) == files - NOT_LEXICONS
    assert files >= NOT_LEXICONS


@pytest.mark.parametrize("name", sorted(LEXICONS))
def test_the_check_reads_what_the_stages_read(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    if name.endswith(".json"):
        assert json.loads(text) == load_json(name)
    elif name.endswith(".tsv"):
        assert tuple(LEXICONS[name].check(text).value) == load_tsv(name)
    else:
        assert LEXICONS[name].check(text).value == load_lines(name)


def test_a_duplicated_word_is_caught(lexicons: Path) -> None:
    _edit_json(lexicons, "org_lexicon.json", lambda d: d["head_words"].append(d["head_words"][0]))
    first = json.loads((DATA / "org_lexicon.json").read_text(encoding="utf-8"))["head_words"][0]
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/org_lexicon.json: head_words: {first!r} is listed twice: remove one"
    )


def test_a_duplicated_trigger_is_caught_by_the_facts_model(lexicons: Path) -> None:
    _edit_json(lexicons, "fact_triggers.json", lambda d: d["copulas"].append(d["copulas"][0]))
    first = load_json("fact_triggers.json")["copulas"][0]
    assert _problem(lexicons) == f"lexicon {lexicons}/fact_triggers.json: copulas: {first!r} is listed twice"


def test_a_key_given_twice_is_caught(lexicons: Path) -> None:
    path = lexicons / "quantity_categories.json"
    path.write_text(
        path.read_text(encoding="utf-8").replace("{", '{\n  "mask": "gowns",', 1), encoding="utf-8"
    )
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/quantity_categories.json: key 'mask' is given twice (JSON keeps only the last): "
        "keep one"
    )


def test_a_word_listed_twice_in_a_table_is_caught(lexicons: Path) -> None:
    line = _append(lexicons, "countries_demonyms.tsv", "Afghan\tAF")
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/countries_demonyms.tsv: line {line}: demonym 'Afghan' is already on line 3: keep one"
    )


def test_a_surname_listed_twice_is_caught(lexicons: Path) -> None:
    line = _append(lexicons, "person_surnames_chinese.txt", "ai")
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/person_surnames_chinese.txt: line {line}: 'ai' is already on line 7: remove one"
    )


@pytest.mark.parametrize(
    ("name", "change", "expected"),
    [
        pytest.param(
            "person_roles.json",
            lambda d: d["role_nouns"].append("Envoy-at-Large"),
            "role_nouns[146]: 'Envoy-at-Large' is not lower case (the stage lower-cases what it looks up): "
            "write 'envoy-at-large'",
            id="upper_case_word",
        ),
        pytest.param(
            "segment_byline.json",
            lambda d: d["conjunctions"].append("  and  also"),
            "conjunctions[3]: '  and  also' has stray spaces: write 'and also'",
            id="stray_spaces",
        ),
        pytest.param(
            "html_tags.json",
            lambda d: d.update(blocks=["div"]),
            "blocks: unknown key: remove it, start it with '_' if it is a comment, or declare it in the file's "
            "model",
            id="unknown_key",
        ),
        pytest.param(
            "segment_dates.json",
            lambda d: d.pop("time_zone"),
            "time_zone: missing: add it (a stage reads it)",
            id="missing_key",
        ),
        pytest.param(
            "dates_calendar.json",
            lambda d: d["months"].update(may="5"),
            "months['may']: input should be a valid integer, not '5': fix the value",
            id="wrong_type",
        ),
        pytest.param(
            "dates_calendar.json",
            lambda d: d["months"].update(may=13),
            "months['may']: input should be less than or equal to 12, not 13: fix the value",
            id="out_of_range",
        ),
        pytest.param(
            "clutter.json",
            lambda d: d.update(stamp_prefix="^(?:posted"),
            "stamp_prefix: '^(?:posted' is not a valid regular expression (missing ), unterminated subpattern "
            "at position 1): fix it",
            id="bad_regex",
        ),
        pytest.param(
            "quantity_qualifiers.json",
            lambda d: d.update({"a whopping": "huge"}),
            "['a whopping']: input should be 'more_than', 'at_least', 'nearly', 'about', 'up_to' or "
            "'less_than', not 'huge': fix the value",
            id="unknown_qualifier",
        ),
        pytest.param(
            "quantity_units.json",
            lambda d: d["currencies"].update(zloty="zl"),
            "currencies['zloty']: 'zl' is not an ISO 4217 currency code (three capitals)",
            id="bad_currency_code",
        ),
        pytest.param(
            "countries_aliases.json",
            lambda d: d["names"].update(Ruritania="RR"),
            "unknown country code 'RR': add it to countries.tsv or fix it",
            id="unknown_country_code",
        ),
        pytest.param(
            "countries_aliases.json",
            lambda d: d.pop("_source"),
            "no '_source' comment: add one saying who keeps the file or where it comes from",
            id="no_source",
        ),
    ],
)
def test_a_broken_json_file_gives_one_exact_line(
    lexicons: Path, name: str, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    _edit_json(lexicons, name, change)
    if "unknown country code" in expected:
        expected = f"names['Ruritania']: {expected}"
    assert _problem(lexicons) == f"lexicon {lexicons}/{name}: {expected}"


def test_a_row_with_a_missing_column(lexicons: Path) -> None:
    line = _append(lexicons, "countries.tsv", "ZZ\tZZZ")
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/countries.tsv: line {line}: 2 columns where 3 (iso2, iso3, name) are expected: separate them by tabs"
    )


def test_a_bad_code_in_a_table(lexicons: Path) -> None:
    line = _append(lexicons, "countries_names.tsv", "Ruritania\tru")
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/countries_names.tsv: line {line}, column iso2: 'ru' is not an ISO 3166-1 alpha-2 code "
        "(two capitals)"
    )


def test_a_code_that_countries_tsv_does_not_list(lexicons: Path) -> None:
    line = _append(lexicons, "cities.tsv", "Strelsau\tRR\t500000\t1")
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/cities.tsv: line {line}: unknown country code 'RR': add it to countries.tsv or fix it"
    )


def test_a_table_header_that_does_not_name_the_columns(lexicons: Path) -> None:
    path = lexicons / "countries_capitals.tsv"
    path.write_text(path.read_text(encoding="utf-8").replace("# capital\tiso2:", "# city\tiso2:", 1), "utf-8")
    assert _problem(lexicons) == (
        f"lexicon {lexicons}/countries_capitals.tsv: line 1: the header must start '# capital\\tiso2:' "
        "(the column names): fix it"
    )


def test_a_missing_file(lexicons: Path) -> None:
    (lexicons / "segment_byline.json").unlink()
    message = _problem(lexicons)
    assert message.startswith(f"lexicon {lexicons}/segment_byline.json: cannot be read (")
    assert message.endswith("): reinstall newsfacts")


def test_every_problem_in_one_message(lexicons: Path) -> None:
    _edit_json(lexicons, "person_titles.json", lambda d: d["ranks"].append("General"))
    line = _append(lexicons, "person_surnames_chinese.txt", "Wang")
    with pytest.raises(LexiconError) as caught:
        check_lexicons(directory=lexicons)
    assert caught.value.problems == [
        f"{lexicons}/person_surnames_chinese.txt: line {line}: 'Wang' is not one lower-case word of letters a-z",
        f"{lexicons}/person_titles.json: ranks[42]: 'General' is not lower case (the stage lower-cases what it "
        "looks up): write 'general'",
    ]
    assert str(caught.value) == "\n".join(
        ["2 problems in the lexicons:", *(f"  {p}" for p in caught.value.problems)]
    )


def test_the_error_stops_the_run_with_exit_status_3() -> None:
    # The CLI maps a NewsfactsError that is no InputError, UsageError or OutputError to exit status 3.
    assert issubclass(LexiconError, ResourceError)
    assert not issubclass(LexiconError, InputError | UsageError | OutputError)


def test_the_error_survives_the_trip_from_a_worker_process() -> None:
    error = pickle.loads(pickle.dumps(LexiconError("lexicon x: y", ["x: y"])))
    assert (str(error), error.problems) == ("lexicon x: y", ["x: y"])
