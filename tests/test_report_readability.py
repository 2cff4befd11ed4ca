"""What a reader of the PDF sees: the Highlights story, the attestation, the counting line,
text sizes read back from the PDF, and text colours that meet WCAG AA contrast."""

from __future__ import annotations

import collections
import functools
import io
import itertools
import re
from pathlib import Path
from typing import Any

import markupsafe
import pytest
from conftest import ROOT, assessment, full_answers, result_of

pytest.importorskip("weasyprint")
pypdf = pytest.importorskip("pypdf")

from checklist.evaluation import evaluate  # noqa: E402
from checklist.load.assessment import load_assessment  # noqa: E402
from checklist.render import highlights, render  # noqa: E402
from checklist.render import report_view as h  # noqa: E402
from checklist.result import Result  # noqa: E402

EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
TEMPLATES = ROOT / "templates"


def example(path: Path) -> Result:
    loaded = load_assessment(path)
    return evaluate(loaded.pack, loaded.assessment, input_name=path.name,
                    input_sha256=loaded.sha256)


@functools.cache
def pdf_of_example(name: str) -> tuple[Result, bytes]:
    result = example(ROOT / "examples" / f"{name}.yaml")
    return result, render(result, "pdf")


def pages(data: bytes) -> list[str]:
    """Page texts with line breaks and runs of spaces folded, as a reader reads them."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    return [" ".join((p.extract_text() or "").split()) for p in reader.pages]


def attested() -> Result:
    data = assessment(
        full_answers() | {"ALP-02": {"status": "partial", "owner": "",
                                     "management_response": "Funding is requested for 2027."}},
        attestation={"agency_head": {"name": "Rosa Delgado", "title": "Sheriff",
                                     "date": "2026-11-20"},
                     "assessor": {"name": "Ian Okafor", "title": "Compliance Officer"}},
        document={"version": "1.2", "status": "final",
                  "distribution": ["County Board", "Oversight Committee"]},
        management_response={"overall": "We accept the findings and will report quarterly."})
    return result_of(data)


def not_rated() -> Result:
    return result_of(assessment({"ALP-01": full_answers()["ALP-01"]}))


# --- the story on page 1 ----------------------------------------------------------------

@pytest.mark.skipif(not EXAMPLES, reason="no examples/*.yaml")
@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_page_one_tells_the_story(path: Path) -> None:
    result, data = pdf_of_example(path.stem)
    view = h.build(result)
    assert view.highlights is not None
    first = pages(data)[0]
    for sentence in view.highlights.key_message:
        assert " ".join(sentence.split()) in first
    assert f"{result.summary.score.value:.1f}" in first
    for action in view.highlights.actions:
        assert action.rule in first
        assert (h.OWNER_NEEDED if action.owner_needed else action.owner.split()[0]) in first
    assert "Strengths" in first and h.NOT_AN_AUDIT.split(";")[0] in first
    assert f"Report id {result.report_id} " in first, "the title block splits the report id"
    assert any(h.counting_line(result) in " ".join(p.split()) for p in pages(data))


def test_not_rated_pdf_gives_the_range_and_no_band() -> None:
    result = not_rated()
    assert result.summary.rating.not_rated
    first = pages(render(result, "pdf"))[0]
    low, high = result.summary.score_range.low, result.summary.score_range.high
    assert "Not rated: incomplete" in first
    assert "but is not rated" in first and f"from {low:.1f} to {high:.1f}" in first
    assert not any(f"“{b.name}”" in first for b in result.methodology.bands)


def test_attestation_document_control_and_responses_are_printed() -> None:
    result = attested()
    text = " ".join(pages(render(result, "pdf")))
    assert "Final, version 1.2" in text
    assert "Rosa Delgado, Sheriff" in text and "2026-11-20" in text
    assert "Ian Okafor, Compliance Officer" in text
    assert "County Board; Oversight Committee" in text
    assert "We accept the findings and will report quarterly." in text
    assert "Management response: Funding is requested for 2027." in text
    md = render(result, "md").decode()
    assert "Rosa Delgado" in md and "Funding is requested for 2027." in md


def test_unsigned_report_leaves_lines_to_sign() -> None:
    text = " ".join(pages(render(not_rated(), "pdf")))
    assert "Draft (status not given)" in text
    assert text.count("Name ____") == 2 and "Date: ____" in text


def test_plan_breaks_ties_by_overdue_first() -> None:
    answers = full_answers()
    answers["ALP-02"] = {"status": "not_implemented", "owner": "A", "target_date": "2027-01-01"}
    answers["BET-03"] = {"status": "not_implemented", "owner": "B", "target_date": "2026-01-01"}
    result = result_of(assessment(answers))
    tied = [g for g in result.gaps if g.rule in ("ALP-02", "BET-03")]
    if tied[0].priority == tied[1].priority and tied[0].severity == tied[1].severity:
        assert [g.rule for g in tied] == ["BET-03", "ALP-02"]
    overdue = {g.rule: g.target_overdue for g in result.gaps}
    assert overdue["BET-03"] and not overdue["ALP-02"]


def test_missing_line_is_short_and_comes_from_the_findings() -> None:
    result = attested()
    rule = next(r for r in result.rules if r.id == "ALP-02")
    line = highlights.missing_line(rule)
    assert line and len(line) <= highlights.MISSING_MAX


# --- sizes read back from the PDF -------------------------------------------------------

def sizes(data: bytes) -> collections.Counter[float]:
    """Characters by rendered font size (pt), outside the running header and footer."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    counts: collections.Counter[float] = collections.Counter()
    for page in reader.pages:
        height = float(page.mediabox.height)

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float,
                  height: float = height) -> None:
            scale = (tm[3] * cm[3] + tm[1] * cm[2]) or 1.0
            y = tm[5] * cm[3] + cm[5]
            if not text.strip() or y < 11 * 72 / 25.4 or y > height - 12 * 72 / 25.4:
                return  # the running header and footer may be 7.5 pt
            counts[round(abs(size * scale), 1)] += len(text.strip())

        page.extract_text(visitor_text=visit)
    return counts


@pytest.mark.skipif(not EXAMPLES, reason="no examples/*.yaml")
def test_body_text_is_at_least_9_5_pt_and_nothing_below_8() -> None:
    counts = sizes(pdf_of_example(EXAMPLES[0].stem)[1])
    assert counts, "no text read"
    total = sum(counts.values())
    small = sum(n for size, n in counts.items() if size < 8)
    assert small == 0, {s: n for s, n in counts.items() if s < 8}
    body = max(counts, key=lambda s: counts[s])
    assert body >= 9.5
    assert sum(n for size, n in counts.items() if size >= 9.5) / total > 0.5


# --- contrast ---------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    channels = [int(value[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(fg: str, bg: str) -> float:
    a, b = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def css_rules() -> list[tuple[str, dict[str, str]]]:
    text = "".join((TEMPLATES / n).read_text() for n in
                   ("base.css", "report-base.css", "report-print.css", "report-screen.css"))
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    variables = dict(re.findall(r"--([a-z0-9]+):\s*(#[0-9a-fA-F]{3,6})", text))
    out = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", text):
        body = re.sub(r"var\(--([a-z0-9]+)\)", lambda m: variables.get(m[1], m[0]), body)
        decls = dict((k.strip(), v.strip()) for k, v in
                     (d.split(":", 1) for d in body.split(";") if ":" in d))
        out.append((selector.strip(), decls))
    return out


# Text shown on a tinted panel rather than the white page: (selector part, background).
PANELS = {".cover-fig": "#eef1f4", "thead th": "#eef1f4", ".toc": "#eef1f4",
          ".prov-banner": "#fff4e0", "tr.hl": "#fff7e0"}


def test_text_colours_meet_wcag_aa() -> None:
    checked = 0
    for selector, decls in css_rules():
        colour = decls.get("color", "")
        if not re.fullmatch(r"#[0-9a-fA-F]{3,6}", colour):
            continue
        background = decls.get("background", decls.get("background-color", "#ffffff"))
        backgrounds = [background] if background.startswith("#") else ["#ffffff"]
        backgrounds += [bg for part, bg in PANELS.items() if part in selector]
        for bg in backgrounds:
            ratio = contrast(colour, bg)
            assert ratio >= 4.5, f"{selector}: {colour} on {bg} is {ratio:.2f}:1"
            checked += 1
    assert checked > 20
    # the muted and status colours also on the tinted panels they appear on
    for name in ("#4f5863", "#1f4e79", "#9b1c1c", "#9a5b00", "#2e7d32", "#a81818"):
        for bg in set(PANELS.values()):
            assert contrast(name, bg) >= 4.5, (name, bg)


def test_html_has_one_h1_a_main_and_captions() -> None:
    page = render(attested(), "html").decode()
    assert page.count("<h1") == 1 and "<main>" in page and "<caption" in page
    levels = [int(n) for n in re.findall(r"<h([1-6])", page)]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))
    assert '<html lang="en">' in page


def _struct_alts(data: bytes) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    stack: list[Any] = [reader.trailer["/Root"]["/StructTreeRoot"]]
    seen: set[int] = set()
    alts: list[str] = []
    while stack:
        node = stack.pop()
        if isinstance(node, pypdf.generic.IndirectObject):
            if node.idnum in seen:
                continue
            seen.add(node.idnum)
            node = node.get_object()
        if isinstance(node, pypdf.generic.DictionaryObject):
            if node.get("/S") == "/Figure" and "/Alt" in node:
                alts.append(str(node["/Alt"]))
            if "/K" in node:
                stack.append(node["/K"])
        elif isinstance(node, pypdf.generic.ArrayObject):
            stack.extend(node)
    return alts


def test_chart_bars_have_alternative_text_in_the_pdf_structure_tree() -> None:
    result = attested()
    alts = _struct_alts(render(result, "pdf"))
    for d in result.domains:
        if d.score.value is not None:
            assert f"{d.title}: {d.score.value:.1f} of 100" in alts


# --- the record part ---------------------------------------------------------------------

def test_references_list_each_source_this_agency_cites_once() -> None:
    result = example(ROOT / "examples" / "county-sheriff.yaml")
    cited = {c.source for rule in result.rules if rule.scope == "in_scope"
             for c in rule.references}
    only_elsewhere = [s.id for s in result.sources if s.id not in cited]
    assert cited and only_elsewhere, "the example should exercise both cases"
    html = render(result, "html").decode()
    references = html[html.index('id="references"'):html.index('id="appendix"')]
    for source in cited:
        assert references.count(f'id="source-{source}"') == 1
    for source in only_elsewhere:
        assert f'id="source-{source}"' not in references
    assert f"{len(only_elsewhere)} further sources of the pack are cited only" in references
    assert "Cited by" not in references


def test_out_of_scope_practices_are_grouped_by_reason() -> None:
    result = example(ROOT / "examples" / "county-sheriff.yaml")
    out = [r for r in result.rules if r.scope == "out_of_scope_profile"]
    groups = h.by_scope_reason(out)
    assert sum(len(rules) for _, rules in groups) == len(out)
    assert len({reason for reason, _ in groups}) == len(groups) < len(out)
    html = render(result, "html").decode()
    section = html[html.index('id="applicability"'):html.index('id="exceptions"')]
    for reason, _rules in groups:
        shown = reason[:1].upper() + reason[1:]
        assert section.count(f'<span class="why">{markupsafe.escape(shown)}:</span>') == 1


def test_contents_lists_the_glossary_with_its_page() -> None:
    _, data = pdf_of_example("county-sheriff")
    texts = pages(data)
    match = re.search(r"Glossary \.* ?(\d+)", texts[1])
    assert match, "the contents on page 2 should list the glossary"
    assert "The acronyms used in this report" in texts[int(match.group(1)) - 1]


def test_a_source_cited_at_several_places_is_named_once() -> None:
    from checklist.models.pack import Verification
    from checklist.result import Citation

    v = next(iter(Verification))
    cites = [Citation("S07V6", "AT-3", v), Citation("S23", "A long quotation " * 3, v),
             Citation("S07V6", "CA-3", v), Citation("S23", "Another long quotation " * 3, v),
             Citation("S07V6", "AT-3", v)]
    assert h.cited_by_id(cites) == (("S07V6", "S07V6 AT-3, CA-3"), ("S23", "S23"))
    assert h.sources_line(cites) == "S07V6 AT-3, CA-3; S23"


def test_an_exception_a_finding_states_is_not_repeated() -> None:
    result = example(ROOT / "examples" / "county-sheriff.yaml")
    told = [r for r in result.rules if r.exception is not None]
    assert told and all(any(f.code.startswith("exception_") for f in r.findings) for r in told)
    html = render(result, "html").decode()
    assert all(not h.exception_untold(r) for r in told)
    for rule in told:
        card = html[html.index(f'<article class="rule" id="rule-{rule.id}"'):]
        card = card[:card.index("</article>")]
        assert "Exception:" not in card
        assert rule.exception.approved_by in markupsafe.Markup(card).unescape()


def test_plan_line_for_old_evidence_keeps_its_numbers() -> None:
    """The plan's one line must not cut off the figure that matters (it used to end in
    "needs evidence no older than…")."""
    result = example(ROOT / "examples" / "county-sheriff.yaml")
    stale = [r for r in result.rules
             if r.findings and r.findings[0].code == "evidence_stale" and r.findings[0].caps_at]
    assert stale, "the example should have a practice held back by old evidence"
    for rule in stale:
        params = rule.findings[0].params
        line = highlights.missing_line(rule)
        assert not line.endswith("…")
        assert f"{params['age_days']} days old" in line
        assert f"the limit is {float(params['max_age_days']):g} days" in line


def test_plan_lines_fit_two_lines_and_keep_whole_quotations() -> None:
    result = example(ROOT / "examples" / "county-sheriff.yaml")
    plan = highlights.actions(result)
    shortened = 0
    for action in plan:
        room = max(highlights.PLAN_CELL_CHARS - len(action.rule) - len(action.title) - 3,
                   highlights.MISSING_MIN)
        assert len(action.missing) <= max(room, highlights.MISSING_MIN), action
        for quote in re.findall(r"“([^”]*)”", action.missing):
            if quote.endswith("…"):
                shortened += 1
                assert len(quote.split()) >= 3, action.missing
        assert action.missing.count("“") == action.missing.count("”"), action.missing
    assert shortened, "the example should exercise a shortened quotation"
    full = {r.id: highlights.missing_line(r) for r in result.rules if r.id in
            {a.rule for a in plan}}
    assert any(len(line) > len(a.missing) for a in plan for rid, line in full.items()
               if rid == a.rule), "the CSV keeps the longer line"
