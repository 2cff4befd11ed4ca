"""HTML, Markdown and CSV outputs: escaping, self-containment, CSV safety, same numbers."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from conftest import MINI, ROOT, assessment, full_answers, pack_rule, result_of

from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render
from checklist.render import report_view as h
from checklist.render.csv_output import COLUMNS
from checklist.render.markdown import md
from checklist.render.text import csv_cell
from checklist.result import Result

HOSTILE = ('<img src="file:///etc/hostname"> <link rel="attachment" href="file:///etc/passwd"> '
           '<a rel="attachment" href="file:///etc/hostname">open</a> '
           '<script>alert(1)</script> http://example.invalid/x.png | a|b *bold* _it_ '
           '[link](http://example.invalid) ![img](http://example.invalid/i.png) `code` $x$ &amp;')


def mini_good() -> Result:
    path = ROOT / "tests" / "data" / "mini-good.yaml"
    loaded = load_assessment(path, str(MINI))
    return evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                    input_sha256=loaded.sha256)


def mini_mixed() -> Result:
    path = ROOT / "tests" / "data" / "mini-mixed.yaml"
    loaded = load_assessment(path, str(MINI))
    return evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                    input_sha256=loaded.sha256)


def hostile_result() -> Result:
    """Every free-text field a user controls carries markup, links and formula starts."""
    answers: dict[str, Any] = full_answers()
    answers["ALP-01"]["objectives"]["term"] = False
    answers["ALP-01"]["notes"] = HOSTILE
    answers["ALP-01"]["owner"] = "=cmd|' /C calc'!A0"
    answers["ALP-01"]["target_date"] = "2026-01-31"
    answers["ALP-01"]["evidence"] = [{"title": HOSTILE, "ref": "file:///etc/hostname",
                                      "date": "2026-05-01"}]
    answers["ALP-02"]["status"] = "partial"
    answers["ALP-02"]["owner"] = "@SUM(1+1)"
    answers["BET-01"] = {"status": "not_applicable", "justification": HOSTILE}
    data = assessment(
        answers,
        agency={"name": "Agency <img src=file:///etc/hostname> | *x*", "jurisdiction": HOSTILE},
        exceptions=[{"rule": "ALP-02", "justification": HOSTILE, "approved_by": "+Chief",
                     "approved_on": "2026-06-01", "expires": "2027-06-01"}])
    return result_of(data)


def text(result: Result, fmt: str) -> str:
    return render(result, fmt).decode("utf-8-sig")


# --- HTML --------------------------------------------------------------------------------

class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.urls += [v or "" for k, v in attrs if k in ("src", "href", "srcset", "action",
                                                          "poster", "data", "xlink:href")]


@pytest.mark.parametrize("make", [mini_good, mini_mixed, hostile_result])
def test_html_is_self_contained(make: Any) -> None:
    page = text(make(), "html")
    parser = _Refs()
    parser.feed(page)
    assert parser.urls, "the report links its own sections"
    assert all(u.startswith(("#", "data:")) for u in parser.urls), parser.urls
    assert not {"script", "link", "img", "iframe", "object", "embed"} & set(parser.tags)
    assert "url(" not in page and "@import" not in page


def test_html_escapes_user_text() -> None:
    page = text(hostile_result(), "html")
    assert "&lt;img src=&#34;file:///etc/hostname&#34;&gt;" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<script" not in page and 'rel="attachment"' not in page


# --- Markdown ----------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "escaped"), [
    ("a|b", "a\\|b"),
    ("<img src=x>", "\\<img src=x\\>"),
    ("[l](http://x)", "\\[l\\](http://x)"),
    ("*b* _i_ `c` $m$ ~s~ #h &amp;", "\\*b\\* \\_i\\_ \\`c\\` \\$m\\$ \\~s\\~ \\#h \\&amp;"),
    ("two\nlines\r\n  here", "two lines here"),
    ("back\\slash", "back\\\\slash"),
])
def test_markdown_escaping(raw: str, escaped: str) -> None:
    assert md(raw) == escaped


def test_markdown_user_text_cannot_break_tables_or_add_markup() -> None:
    page = text(hostile_result(), "md")
    assert "<img" not in page.replace("\\<img", "")
    assert "](http" not in page.replace("\\](http", "")
    for table in re.findall(r"(?:^\|.*\|\n)+", page, flags=re.M):
        rows = table.splitlines()
        widths = {len(re.findall(r"(?<!\\)\|", row)) for row in rows}
        assert len(widths) == 1, rows


# --- CSV ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("cell", "expected"), [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tx", "'\tx"), ("\rx", "'\rx"), ("  =x", "'  =x"),
    ("Chief", "Chief"), ("a=b", "a=b"), ("", ""), ("2026-01-31", "2026-01-31"),
])
def test_csv_neutralise(cell: str, expected: str) -> None:
    assert csv_cell(cell) == expected


def read_csv(result: Result) -> tuple[bytes, list[list[str]]]:
    raw = render(result, "csv")
    return raw, list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_csv_is_the_remediation_plan_in_priority_order() -> None:
    result = mini_good()
    raw, rows = read_csv(result)
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    assert tuple(rows[0]) == COLUMNS
    rule_col = COLUMNS.index("rule")
    assert [r[rule_col] for r in rows[1:]] == [g.rule for g in result.gaps]
    first = dict(zip(COLUMNS, rows[1], strict=True))
    rule = next(r for r in result.rules if r.id == "ALP-01")
    assert first == {"agency": result.agency.name, "report_id": result.report_id, "rank": "1",
                     "rule": "ALP-01", "domain": "ALP", "title": "Written agreement",
                     "severity": "critical", "weight": "10", "credit": "0.5", "priority": "5",
                     "claimed_status": rule.claimed_status, "status": "partial",
                     "status_after_checks": "partial",
                     "missing": first["missing"],
                     "findings": " | ".join(f.message for f in rule.findings),
                     "owner": "Chief", "owner_needed": "no", "target_date": "2026-06-30",
                     "overdue": "yes",
                     "remediation": "Sign an agreement that defines roles, supervision and term.",
                     "under_active_exception": "no", "management_response": ""}
    # what is missing, in one line from the findings: here the unmet objective, by its text
    assert first["missing"] == "Objective not met: “The agreement states its term”"
    # every row names the agency and the report, so plans of many agencies can be pasted together
    assert {(r[0], r[1]) for r in rows[1:]} == {(result.agency.name, result.report_id)}
    assert dict(zip(COLUMNS, rows[3], strict=True))["under_active_exception"] == "yes"


def test_csv_cells_cannot_start_a_formula() -> None:
    _, rows = read_csv(hostile_result())
    owners = {r[COLUMNS.index("rule")]: r[COLUMNS.index("owner")] for r in rows[1:]}
    assert owners["ALP-01"] == "'=cmd|' /C calc'!A0"
    assert owners["ALP-02"] == "'@SUM(1+1)"
    for row in rows[1:]:
        for cell in row:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell


def test_csv_of_no_gaps_has_only_the_header() -> None:
    _, rows = read_csv(result_of(assessment(full_answers())))
    assert rows == [list(COLUMNS)]


# --- the same numbers everywhere ---------------------------------------------------------

@pytest.mark.parametrize("make", [mini_good, mini_mixed])
def test_all_formats_show_the_same_numbers(make: Any) -> None:
    result = make()
    s = result.summary
    data = json.loads(render(result, "json"))
    assert data["summary"]["score"]["value"] == s.score.value
    assert [g["rule"] for g in data["gaps"]] == [g.rule for g in result.gaps]
    score = f"{s.score.value:.1f} of 100"
    completion = f"{s.completion.value * 100:.0f}% ({s.completion.numerator} of " \
                 f"{s.completion.denominator})"
    earned = f"100 × {s.score.earned:g} ÷ {s.score.possible:g} = {s.score.value:.1f}"
    for fmt in ("html", "md"):
        page = text(result, fmt)
        assert score in page, fmt
        assert completion in page, fmt
        assert earned in page, fmt
        assert (s.rating.band or "No rating") in page, fmt
        assert h.counting_line(result) in (unescape(page) if fmt == "html" else page), fmt
        plan = page[page.index("Remediation plan", page.index("Executive summary")):]
        positions = [plan.index(g.rule) for g in result.gaps]
        assert positions == sorted(positions), fmt
    _, rows = read_csv(result)
    assert [r[COLUMNS.index("rule")] for r in rows[1:]] == [g.rule for g in result.gaps]


def test_capped_rating_is_explained(make_pack: Any) -> None:
    rules = [pack_rule("AAA-01", "critical")] + [pack_rule(f"AAA-{i:02d}", "high", weight=20)
                                                 for i in range(2, 6)]
    pack = make_pack({"AAA": rules})
    answers = {r["id"]: {"status": "implemented"} for r in rules}
    answers["AAA-01"] = {"status": "not_implemented"}
    result = result_of({"pack": "gen", "agency": {"name": "Capped"}, "as_of": "2026-11-01",
                        "answers": answers}, pack)
    assert result.summary.score.value == pytest.approx(88.9)
    assert result.summary.rating.capped_by == ("critical_gap",)
    for fmt in ("html", "md"):
        page = text(result, fmt)
        assert "The rating is lowered to “Developing”" in page
        assert "caps the rating at Developing" in page
        assert "It applies because of AAA-01." in page


def test_provisional_rating_is_explained() -> None:
    page = text(mini_good(), "md")
    assert "The rating is provisional: 4 of 5 practices in scope have an answer (80%)." in page


def test_no_score_when_nothing_is_in_scope(make_pack: Any) -> None:
    pack = make_pack({"AAA": [{"id": "AAA-01", "title": "Only for large", "requirement": "R.",
                               "rationale": "R.", "severity": "low", "remediation": "Do.",
                               "applies_when": {"size": "large"},
                               "references": [{"source": "S1", "locator": "1"}]}]})
    result = result_of({"pack": "gen", "agency": {"name": "Small"}, "as_of": "2026-11-01",
                        "answers": {}}, pack)
    assert result.summary.score.value is None
    for fmt in ("html", "md"):
        page = text(result, fmt)
        assert "there is no score" in page and "No rating" in page


# --- WeasyPrint stays out of the other formats -------------------------------------------

def test_other_formats_do_not_import_weasyprint(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "from checklist.load.assessment import load_assessment\n"
        "from checklist.evaluation import evaluate\n"
        "from checklist.render import render\n"
        "from pathlib import Path\n"
        f"p = Path({str(ROOT / 'tests' / 'data' / 'mini-good.yaml')!r})\n"
        f"l = load_assessment(p, {str(MINI)!r})\n"
        "r = evaluate(l.pack, l.assessment, input_name=p.name, input_sha256=l.sha256)\n"
        "for f in ('json', 'html', 'md', 'csv'):\n"
        "    render(r, f)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('weasyprint', 'pydyf')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, check=True)
    assert out.stdout.strip() == "[]"
