"""`eventpipe dates`: several files in one run, ISO date-times for --dct, json shapes."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flows.cli import app
from pipeline.errors import EventpipeError
from pipeline.nlp.timex.document import parse_dct, tag_file

runner = CliRunner()


@pytest.fixture
def two_files(tmp_path: Path) -> tuple[Path, Path]:
    a = tmp_path / "a.txt"
    a.write_text("The ministers met on Monday. They will meet again next month.\n")
    b = tmp_path / "b.txt"
    b.write_text("Talks collapsed in March 2002 after two weeks of shelling.\n")
    return a, b


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("2003-04-28", date(2003, 4, 28)),
        ("2003-04-28T09:00:00", date(2003, 4, 28)),
        ("2003-04-28 09:00", date(2003, 4, 28)),
        ("2003-04-28T09:00:00Z", date(2003, 4, 28)),
        ("20030428", date(2003, 4, 28)),
    ],
)
def test_parse_dct_accepts_dates_and_iso_date_times(text: str, want: date) -> None:
    assert parse_dct(text) == want


def test_parse_dct_rejects_other_text() -> None:
    with pytest.raises(EventpipeError, match="not a date"):
        parse_dct("last Tuesday")


def test_single_file_json_is_a_plain_list(two_files: tuple[Path, Path]) -> None:
    out = runner.invoke(
        app, ["dates", str(two_files[0]), "--dct", "2003-04-30", "--format", "json"]
    )
    assert out.exit_code == 0, out.output
    records = json.loads(out.stdout)
    assert [r["value"] for r in records] == ["2003-04-28", "2003-05"]
    assert "file" not in records[0]


def test_several_files_name_their_file(two_files: tuple[Path, Path]) -> None:
    a, b = two_files
    args = ["dates", str(a), str(b), "--dct", "2003-04-30T09:00:00", "--format", "json"]
    out = runner.invoke(app, args)
    assert out.exit_code == 0, out.output
    records = json.loads(out.stdout)
    assert {r["file"] for r in records} == {str(a), str(b)}
    by_file = {f: [r["value"] for r in records if r["file"] == f] for f in (str(a), str(b))}
    assert by_file[str(b)] == ["2002-03", "P2W"]
    assert by_file[str(a)] == [t.value for t in tag_file(a, date(2003, 4, 30))]


def test_bad_dct_exits_with_usage_error(two_files: tuple[Path, Path]) -> None:
    out = runner.invoke(app, ["dates", str(two_files[0]), "--dct", "soon"])
    assert out.exit_code == 2
