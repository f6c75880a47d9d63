"""Reading files into Documents, and discovering files under folders."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import SourceError
from pipeline.models import Footnote
from pipeline.sources import SIDE_CAR_SUFFIX, SUPPORTED_SUFFIXES, Found, discover, read_document
from pipeline.sources.read import content_hash

FIXTURES = Path(__file__).parent / "fixtures" / "sources"

BODY = (
    "Slovakia and Austria resumed talks on a shared rail corridor. Officials in Bratislava "
    "expect a decision before the winter."
)


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def source_error(path: Path, **kwargs: int) -> str:
    with pytest.raises(SourceError) as caught:
        read_document(path, **kwargs)
    assert caught.value.path == str(path)
    return caught.value.message


def sha(*parts: bytes) -> str:
    return hashlib.sha256(b"".join(parts)).hexdigest()[:32]


def test_constants() -> None:
    assert SIDE_CAR_SUFFIX == ".meta.yaml"
    assert sorted(SUPPORTED_SUFFIXES) == [
        ".docx",
        ".htm",
        ".html",
        ".markdown",
        ".md",
        ".pdf",
        ".txt",
    ]


# --- plain text --------------------------------------------------------------------------------


def test_read_txt_fixture() -> None:
    path = FIXTURES / "border-patrols.txt"
    doc = read_document(path)
    assert doc.doc_id == sha(path.read_bytes())
    assert doc.source_path == str(path)
    assert doc.text == (
        "Serbia and Hungary agreed on Tuesday to expand joint border patrols along their shared "
        "frontier, a step both governments described as overdue.[1] The arrangement follows a "
        "summer of rising irregular crossings and months of quarrelling in Brussels over how the "
        "burden should be shared.\n\nBelgrade has long sought closer ties with Budapest, and the "
        "new agreement gives it a partner inside the European Union that is sympathetic to its "
        "concerns.[2] Critics in the European Parliament argued that the patrols could push "
        "migrants towards more dangerous routes through Romania."
    )
    assert doc.title == (
        "Serbia and Hungary agreed on Tuesday to expand joint border patrols along their shared "
        "frontier, a step both\u2026"
    )
    assert doc.author == "Petra Lindqvist"
    assert doc.author_role == "Research Associate"
    assert doc.published_date == date(2016, 9, 20)
    assert doc.published_basis == "text"
    assert doc.footnotes == [
        Footnote("1", "September 14, 2016", date(2016, 9, 14)),
        Footnote("2", "Balkan Insight, 20 September 2016", date(2016, 9, 20)),
        Footnote("3", "Ibid", None),
    ]
    assert doc.source is None and doc.url is None
    assert doc.file_mtime == path.stat().st_mtime


def test_title_from_short_first_line(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", f"Rail Talks Resume\n\n{BODY}\n")
    doc = read_document(path)
    assert doc.title == "Rail Talks Resume"
    assert doc.text == f"Rail Talks Resume\n\n{BODY}"


def test_title_from_first_sentence(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", "Mr. Novak and the U.S. envoy met. Nothing was agreed.")
    assert read_document(path).title == "Mr. Novak and the U.S. envoy met."


def test_published_from_file_mtime(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", BODY)
    stamp = datetime(2019, 6, 1, 12, 0, tzinfo=UTC).timestamp()
    os.utime(path, (stamp, stamp))
    doc = read_document(path)
    assert (doc.published_date, doc.published_basis) == (date(2019, 6, 1), "file")
    assert doc.file_mtime == stamp


def test_published_from_dateline(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", f"VIENNA, March 3, 2017 - {BODY}")
    doc = read_document(path)
    assert (doc.published_date, doc.published_basis) == (date(2017, 3, 3), "text")


def test_byline_after_footnotes(tmp_path: Path) -> None:
    path = write(tmp_path / "note.txt", f"{BODY}[1]\n\n[1] ORF, 2 March 2017\n\nby Eva Gruber\n")
    doc = read_document(path)
    assert doc.text == f"{BODY}[1]"
    assert doc.author == "Eva Gruber"
    assert doc.footnotes == [Footnote("1", "ORF, 2 March 2017", date(2017, 3, 2))]


def test_mojibake_and_glued_sentences_are_cleaned(tmp_path: Path) -> None:
    text = "Vienna\u00e2\u20ac\u2122s offer came late.The talks \u00e2\u20ac\u201c short ended."
    path = write(tmp_path / "note.txt", text)
    assert read_document(path).text == "Vienna's offer came late. The talks - short ended."


# --- sidecars ----------------------------------------------------------------------------------

SIDECAR = """\
title: Rail Corridor Update
author: Eva Gruber
published: 2017-04-12
source: Central Europe Desk
url: https://example.org/rail
"""


@pytest.mark.parametrize("sidecar_name", ["report.meta.yaml", "report.txt.meta.yaml"])
def test_sidecar_overrides(tmp_path: Path, sidecar_name: str) -> None:
    raw = f"{BODY}\n\nby Petra Lindqvist\nResearch Associate\n".encode()
    path = write(tmp_path / "report.txt", raw)
    sidecar = write(tmp_path / sidecar_name, SIDECAR)
    doc = read_document(path)
    assert doc.title == "Rail Corridor Update"
    assert doc.author == "Eva Gruber"
    assert doc.author_role == "Research Associate"
    assert doc.published_date == date(2017, 4, 12)
    assert doc.published_basis == "metadata"
    assert doc.source == "Central Europe Desk"
    assert doc.url == "https://example.org/rail"
    assert doc.text == BODY
    assert doc.doc_id == sha(raw, sidecar.read_bytes())


def test_content_hash_matches_doc_id(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", BODY)
    assert content_hash(path) == read_document(path).doc_id == sha(BODY.encode())
    sidecar = write(tmp_path / "r.meta.yaml", SIDECAR)
    assert content_hash(path) == read_document(path).doc_id
    assert content_hash(path) == sha(BODY.encode(), sidecar.read_bytes())
    with pytest.raises(SourceError) as caught:
        content_hash(tmp_path / "missing.txt")
    assert caught.value.message == "cannot read file: No such file or directory"


def test_sidecar_fields_are_cleaned(tmp_path: Path) -> None:
    path = write(tmp_path / "r.txt", BODY)
    write(
        tmp_path / "r.meta.yaml",
        'title: "  The \u201cNew\u201d   Line "\nauthor: [Eva Gruber, Jan Novak]\n'
        "url: https://example.org/a--b\nunknown_field: ignored\n",
    )
    doc = read_document(path)
    assert doc.title == 'The "New" Line'
    assert doc.author == "Eva Gruber, Jan Novak"
    assert doc.url == "https://example.org/a--b"


def test_sidecar_overrides_front_matter(tmp_path: Path) -> None:
    path = write(tmp_path / "report.md", f"---\ntitle: Old Title\nauthor: Old Name\n---\n{BODY}\n")
    write(tmp_path / "report.meta.yaml", "title: New Title\n")
    doc = read_document(path)
    assert (doc.title, doc.author) == ("New Title", "Old Name")


def test_invalid_sidecar_yaml(tmp_path: Path) -> None:
    path = write(tmp_path / "report.txt", BODY)
    write(tmp_path / "report.meta.yaml", "title: [unclosed\n")
    assert source_error(path).startswith("invalid sidecar metadata report.meta.yaml: ")


def test_sidecar_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path / "report.txt", BODY)
    write(tmp_path / "report.meta.yaml", "- a\n- b\n")
    assert source_error(path) == (
        "invalid sidecar metadata report.meta.yaml: expected a mapping of fields, got list"
    )


def test_sidecar_impossible_date(tmp_path: Path) -> None:
    path = write(tmp_path / "report.txt", BODY)
    write(tmp_path / "report.meta.yaml", "published: 2016-02-30\n")
    assert source_error(path) == "invalid published date '2016-02-30': no such day"


# --- markdown ----------------------------------------------------------------------------------


def test_read_markdown_fixture() -> None:
    doc = read_document(FIXTURES / "grain-corridor.md")
    assert doc.text == (
        "Grain Corridor Talks Stall\n\nNegotiators from Ukraine and Turkey met in Istanbul "
        "without reaching a deal.\n\nBoth delegations promised to return to the table before "
        "the end of the month."
    )
    assert doc.title == "Grain Corridor Talks Stall"
    assert doc.author == "Tomas Varga"
    assert (doc.published_date, doc.published_basis) == (date(2017, 3, 8), "metadata")
    assert doc.source == "Regional Monitor"
    assert doc.url == "https://example.org/grain-corridor"


def test_markdown_without_front_matter(tmp_path: Path) -> None:
    text = (
        "## Update\n\n> Quoted *line* with `code`.\n\n- item one\n- item __two__\n\n"
        "See [the report][1] and <https://example.org/x>.[^2]\n\n[1]: https://example.org/r\n"
        "~~~\nhidden\n~~~\n\n---\n\nFinal snake_case_name line."
    )
    doc = read_document(write(tmp_path / "n.markdown", text))
    assert doc.text == (
        "Update\n\nQuoted line with code.\n\nitem one\nitem two\n\n"
        "See the report and https://example.org/x.[2]\n\nFinal snake_case_name line."
    )


def test_markdown_footnotes_and_crlf(tmp_path: Path) -> None:
    text = (
        "---\r\ntitle: Port Talks\r\n---\r\nGdansk and Rostock agreed.[^1]\r\n\r\n"
        "[^1]: Baltic Times, 6 June 2016\r\n[^2]: Reuters\r\n"
    )
    doc = read_document(write(tmp_path / "n.md", text))
    assert doc.text == "Gdansk and Rostock agreed.[1]"
    assert doc.title == "Port Talks"
    assert doc.footnotes == [
        Footnote("1", "Baltic Times, 6 June 2016", date(2016, 6, 6)),
        Footnote("2", "Reuters", None),
    ]
    assert (doc.published_date, doc.published_basis) == (date(2016, 6, 6), "text")


def test_front_matter_invalid_yaml(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", f"---\ntitle: [broken\n---\n{BODY}\n")
    assert source_error(path).startswith("invalid front matter: ")


@pytest.mark.parametrize(
    ("published", "message"),
    [
        ("2016-02-30", "invalid published date '2016-02-30': no such day"),
        ("3016-05-01", "invalid published date '3016-05-01': year 3016 is out of range"),
    ],
)
def test_front_matter_impossible_date(tmp_path: Path, published: str, message: str) -> None:
    path = write(tmp_path / "a.md", f"---\npublished: {published}\n---\n{BODY}\n")
    assert source_error(path) == message


def test_front_matter_date_forms(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", f"---\npublished: '12 April 2017'\n---\n{BODY}\n")
    assert read_document(path).published_date == date(2017, 4, 12)
    path = write(tmp_path / "b.md", f"---\ndate: 2017-04-12T08:00:00Z\n---\n{BODY}\n")
    assert read_document(path).published_date == date(2017, 4, 12)


# --- HTML --------------------------------------------------------------------------------------


def test_read_html_fixture() -> None:
    doc = read_document(FIXTURES / "sanctions-brief.html")
    assert doc.text == (
        "Baltic Energy Links\n\nLithuania and Poland opened a new gas interconnector on "
        "Wednesday, reducing their dependence on Russian supply.\n\nOfficials in Vilnius called "
        "the link a strategic milestone.\nMoscow did not comment."
    )
    assert doc.title == "Sanctions Brief: Baltic Energy Links"
    assert doc.author == "Ilse Marken"
    assert (doc.published_date, doc.published_basis) == (date(2016, 11, 2), "metadata")


def test_html_body_without_article(tmp_path: Path) -> None:
    html = (
        "<html><head><meta property='og:title' content='OG Title'>"
        "<meta name='DC.date' content='2017-01-09'></head><body>"
        "<nav>Menu</nav><div>First block</div><ul><li>One</li><li>Two</li></ul>"
        "<noscript>Enable JS</noscript><form>Search here</form>"
        "<p>Last&nbsp;paragraph &amp; more.</p></body></html>"
    )
    doc = read_document(write(tmp_path / "page.htm", html))
    assert doc.text == "First block\n\nOne\n\nTwo\n\nLast paragraph & more."
    assert doc.title == "OG Title"
    assert (doc.published_date, doc.published_basis) == (date(2017, 1, 9), "metadata")


def test_html_time_element_and_h1_title(tmp_path: Path) -> None:
    html = (
        "<body><main><h1>Port   Deal</h1><time datetime='2016-12-01'>1 Dec</time>"
        "<p>Gdansk signed it.</p></main></body>"
    )
    doc = read_document(write(tmp_path / "p.html", html))
    assert doc.title == "Port Deal"
    assert doc.published_date == date(2016, 12, 1)
    assert doc.text == "Port Deal\n\n1 Dec\n\nGdansk signed it."


def test_html_byline_role(tmp_path: Path) -> None:
    html = (
        "<meta name='author' content='Ilse Marken'><article><header><h1>T</h1>"
        "<p>Ilse Marken, Senior Fellow, Baltic Program &middot; Published "
        "<time datetime='2016-11-02'>2 Nov</time></p></header><p>Riga agreed.</p></article>"
    )
    doc = read_document(write(tmp_path / "p.html", html))
    assert (doc.author, doc.author_role) == ("Ilse Marken", "Senior Fellow, Baltic Program")
    assert doc.published_date == date(2016, 11, 2)
    assert doc.text == "Riga agreed."


def test_html_invalid_meta_date_falls_back_to_text(tmp_path: Path) -> None:
    html = "<meta name='date' content='2016-02-30'><body><p>Published: 4 May 2016</p><p>Text.</p>"
    doc = read_document(write(tmp_path / "p.html", html))
    assert (doc.published_date, doc.published_basis) == (date(2016, 5, 4), "text")


@pytest.mark.parametrize(
    "html",
    [
        "<html><head><title>Only a title</title></head><body></body></html>",
        "<html><body><script>var x = 'words';</script><nav>Home</nav></body></html>",
        "<html><body><p>   </p><p>123 456</p></body></html>",
    ],
)
def test_html_without_body_text(tmp_path: Path, html: str) -> None:
    assert source_error(write(tmp_path / "p.html", html)) == "no text in HTML body"


def test_html_declared_charset(tmp_path: Path) -> None:
    html = '<meta charset="windows-1252"><p>\u201cNo,\u201d said the envoy.</p>'.encode("cp1252")
    assert read_document(write(tmp_path / "p.html", html)).text == '"No," said the envoy.'


# --- encodings ---------------------------------------------------------------------------------

QUOTED = "The envoy\u2019s \u201cfinal\u201d offer \u2013 caf\u00e9 talks in M\u00fcnchen."
QUOTED_CLEAN = 'The envoy\'s "final" offer - caf\u00e9 talks in M\u00fcnchen.'


@pytest.mark.parametrize(
    "raw",
    [
        QUOTED.encode("cp1252"),
        QUOTED.encode("utf-8"),
        b"\xef\xbb\xbf" + QUOTED.encode("utf-8"),
        QUOTED.encode("utf-16"),  # with BOM
        b"\xfe\xff" + QUOTED.encode("utf-16-be"),
        QUOTED.encode("utf-16-le"),  # no BOM
    ],
    ids=["cp1252", "utf8", "utf8-bom", "utf16-bom", "utf16be-bom", "utf16le-no-bom"],
)
def test_encodings(tmp_path: Path, raw: bytes) -> None:
    assert read_document(write(tmp_path / "e.txt", raw)).text == QUOTED_CLEAN


def test_cp1252_smart_quotes_short(tmp_path: Path) -> None:
    path = write(tmp_path / "e.txt", b"He said \x93wait\x94 to the delegation.")
    assert read_document(path).text == 'He said "wait" to the delegation.'


def test_latin1(tmp_path: Path) -> None:
    raw = "Fran\u00e7ois met the na\u00efve Z\u00fcrich d\u00e9l\u00e9gation.".encode("latin-1")
    path = write(tmp_path / "e.txt", raw)
    assert (
        read_document(path).text
        == "Fran\u00e7ois met the na\u00efve Z\u00fcrich d\u00e9l\u00e9gation."
    )


def test_cyrillic_cp1251(tmp_path: Path) -> None:
    text = "Переговоры в Минске продолжатся завтра утром."
    path = write(tmp_path / "e.txt", (text + " ").encode("cp1251") * 4)
    assert read_document(path).text.startswith(text)


# --- rejected files ----------------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    assert source_error(write(tmp_path / "e.txt", b"")) == "empty file"


@pytest.mark.parametrize("content", [" \n\n\t ", "[1] Ibid", "123 456 -- 789", "by Jane Doe"])
def test_no_text(tmp_path: Path, content: str) -> None:
    assert source_error(write(tmp_path / "e.txt", content)) == "no text"


def test_over_size_limit(tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", "word " * 100)
    assert source_error(path, max_bytes=100) == (
        "file too large: 500 bytes, over the limit of 100 bytes"
    )
    assert read_document(path, max_bytes=500).text == ("word " * 100).strip()


def test_png_with_txt_extension(tmp_path: Path) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06"
    assert source_error(write(tmp_path / "image.txt", png)) == "binary content"


def test_nul_bytes(tmp_path: Path) -> None:
    raw = b"Some text here\x00\x00 and more text after the nul bytes, quite a lot of it."
    assert source_error(write(tmp_path / "n.txt", raw)) == "binary content"


def test_control_bytes_without_nul(tmp_path: Path) -> None:
    raw = bytes(range(1, 9)) * 20 + b"abc"
    assert source_error(write(tmp_path / "c.txt", raw)) == "binary content"


def test_unsupported_suffix(tmp_path: Path) -> None:
    assert source_error(write(tmp_path / "x.pptx", BODY)) == "unsupported type"


def test_missing_file(tmp_path: Path) -> None:
    assert source_error(tmp_path / "gone.txt") == "cannot read file: No such file or directory"


def test_directory_with_txt_name(tmp_path: Path) -> None:
    (tmp_path / "dir.txt").mkdir()
    assert source_error(tmp_path / "dir.txt") == "not a regular file"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    data=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=300).map(lambda s: s.encode("utf-8")),
        st.text(max_size=200).map(lambda s: ("---\n" + s + "\n---\n" + s).encode("utf-8")),
        st.text(max_size=200).map(
            lambda s: ("<p>" + s + "</p><meta name=date content='" + s + "'>").encode()
        ),
    ),
    suffix=st.sampled_from(sorted(SUPPORTED_SUFFIXES)),
)
def test_any_bytes_give_document_or_source_error(data: bytes, suffix: str) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        path = write(folder / f"doc{suffix}", data)
        try:
            doc = read_document(path)
        except SourceError as err:
            assert err.path == str(path)
        else:
            assert doc.text.strip() == doc.text and doc.text
            assert len(doc.doc_id) == 32
    finally:
        shutil.rmtree(folder)


# --- discovery ---------------------------------------------------------------------------------


def rel(found: list[Found], root: Path) -> list[tuple[str, str | None]]:
    return [(str(f.path.relative_to(root)), f.problem) for f in found]


def test_discover_tree(tmp_path: Path) -> None:
    write(tmp_path / "b.txt", BODY)
    write(tmp_path / "a.md", BODY)
    write(tmp_path / "a.meta.yaml", "title: A\n")
    write(tmp_path / "lonely.meta.yaml", "title: Nobody\n")
    write(tmp_path / "sub" / "c.html", "<p>x</p>")
    write(tmp_path / "sub" / "d.HTM", "<p>x</p>")
    write(tmp_path / "sub" / "e.markdown", "x")
    write(tmp_path / "sub" / "notes.pptx", b"PK")
    write(tmp_path / "sub" / "report.txt.meta.yaml", "title: R\n")
    write(tmp_path / "sub" / "report.txt", BODY)
    write(tmp_path / ".hidden.txt", BODY)
    write(tmp_path / ".git" / "config.txt", BODY)
    assert rel(list(discover([tmp_path])), tmp_path) == [
        ("a.md", None),
        ("b.txt", None),
        ("lonely.meta.yaml", "orphan sidecar metadata"),
        ("sub/c.html", None),
        ("sub/d.HTM", None),
        ("sub/e.markdown", None),
        ("sub/notes.pptx", "unsupported type"),
        ("sub/report.txt", None),
    ]


def test_discover_given_files_and_missing_paths(tmp_path: Path) -> None:
    a = write(tmp_path / "a.txt", BODY)
    hidden = write(tmp_path / ".h.txt", BODY)
    found = list(discover([a, tmp_path / "missing", hidden, a]))
    assert found == [Found(a, None), Found(tmp_path / "missing", "not found"), Found(hidden, None)]


def test_discover_symlink_loop(tmp_path: Path) -> None:
    write(tmp_path / "top" / "a.txt", BODY)
    write(tmp_path / "top" / "inner" / "b.txt", BODY)
    os.symlink(tmp_path / "top", tmp_path / "top" / "inner" / "back")
    os.symlink("self", tmp_path / "top" / "self")  # a link to itself
    found = list(discover([tmp_path / "top"]))
    assert rel(found, tmp_path) == [
        ("top/a.txt", None),
        ("top/inner/b.txt", None),
        ("top/inner/back", "symlink loop"),
        ("top/self", "symlink loop"),
    ]


def test_discover_follows_symlinks_once(tmp_path: Path) -> None:
    write(tmp_path / "real" / "a.txt", BODY)
    write(tmp_path / "elsewhere" / "b.txt", BODY)
    os.symlink(tmp_path / "elsewhere", tmp_path / "real" / "linked")
    os.symlink(tmp_path / "elsewhere", tmp_path / "real" / "linked2")
    os.symlink(tmp_path / "real" / "a.txt", tmp_path / "real" / "z-alias.txt")
    found = list(discover([tmp_path / "real"]))
    assert rel(found, tmp_path) == [("real/a.txt", None), ("real/linked/b.txt", None)]


def test_discover_broken_symlink(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "d" / "broken.txt")
    assert rel(list(discover([tmp_path / "d"])), tmp_path) == [("d/broken.txt", "broken symlink")]
    assert list(discover([tmp_path / "d" / "broken.txt"])) == [
        Found(tmp_path / "d" / "broken.txt", "broken symlink")
    ]


def test_discover_unreadable_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "ok" / "a.txt", BODY)
    write(tmp_path / "locked" / "b.txt", BODY)
    real_scandir = os.scandir

    def scandir(path: object) -> object:
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    assert rel(list(discover([tmp_path])), tmp_path) == [
        ("locked", "unreadable directory: Permission denied"),
        ("ok/a.txt", None),
    ]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_discover_fifo(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.txt")
    assert rel(list(discover([tmp_path])), tmp_path) == [("pipe.txt", "not a regular file")]
