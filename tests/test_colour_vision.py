"""Colours that carry meaning stay apart for readers with red-green colour vision, and
what they mean is also written in words.

Deuteranopia and protanopia are simulated with the matrices of Machado, Oliveira and
Fernandes (2009, "A physiologically-based model for simulation of color vision
deficiency", IEEE TVCG 15(6)) at severity 1.0, applied to linear RGB. Two colours count as
told apart when their CIE76 colour difference (ΔE*ab, CIELAB under D65) is at least
``THRESHOLD`` = 10 in normal vision and under each simulation: about four times the
just-noticeable difference (2.3), because the marks are small (thin bars, a status word,
a table cell) and are read side by side.

The colours are read from what the documents carry, not copied here: the CSS inlined in the
rendered HTML report and every stylesheet under templates/ (the custom properties
``--t0`` … ``--t4`` of the band tones, the ``.st-<status>`` rules), the bar fills of the
report's domain chart, and the heat map's ``.heat td.bN`` rules of the rendered roll-up.
A colour moved to another stylesheet is still found; a colour that is renamed away makes
the test fail rather than pass on nothing.

The page-1 check renders the county example's PDF at 50 dpi and finds each band tone
among its pixels, then applies the same simulation to the pixels themselves. It shows that
the PDF prints the colours the stylesheet declares (no colour management shifts them); the
distinctness it then checks is the stylesheet's, so the CSS-level test is the one that
says which pair is too close.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

from checklist.cli import main
from checklist.evaluation import evaluate
from checklist.load.assessment import load_assessment
from checklist.render import render
from checklist.statuses import LABELS

THRESHOLD = 10.0
RGB = tuple[float, float, float]

# Machado, Oliveira & Fernandes (2009), Table 1, severity 1.0 (rows give linear R, G, B).
MACHADO: dict[str, tuple[RGB, RGB, RGB]] = {
    "deuteranopia": ((0.367322, 0.860646, -0.227968),
                     (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "protanopia": ((0.152286, 1.052583, -0.204868),
                   (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
}
VISIONS = ("normal", *MACHADO)

# Pairs the report's palette does not keep apart (ΔE under 10). Empty since the palette moved
# --t1 from #558b2f to #609840 and --t3 from #b3261e to #a81818; a pair listed here would have
# to be fixed for the test to pass again, so the set always says what is true.
KNOWN_TOO_CLOSE: set[tuple[str, str, str, str]] = set()


# --- colour arithmetic -------------------------------------------------------------------

def _srgb(colour: str) -> RGB:
    value = colour.strip().lstrip("#").lower()
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    assert re.fullmatch(r"[0-9a-f]{6}", value), f"not a #rrggbb colour: {colour!r}"
    r, g, b = (int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))
    return r, g, b


def _to_linear(c: float) -> float:
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _to_srgb(c: float) -> float:
    c = min(max(c, 0.0), 1.0)
    return 12.92 * c if c <= 0.0031308 else 1.055 * c ** (1 / 2.4) - 0.055


def simulate(rgb: RGB, vision: str) -> RGB:
    """The colour as seen with ``vision`` (sRGB in, sRGB out, the matrix in linear RGB)."""
    if vision == "normal":
        return rgb
    linear = [_to_linear(c) for c in rgb]
    r, g, b = (_to_srgb(sum(m * c for m, c in zip(row, linear, strict=True)))
               for row in MACHADO[vision])
    return r, g, b


def lab(rgb: RGB) -> RGB:
    r, g, b = (_to_linear(c) for c in rgb)
    x = (0.4124564 * r + 0.3575761 * g + 0.1804375 * b) / 0.95047
    y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b
    z = (0.0193339 * r + 0.1191920 * g + 0.9503041 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 216 / 24389 else (24389 / 27 * t + 16) / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def delta_e(a: RGB, b: RGB, vision: str = "normal") -> float:
    """CIE76 ΔE*ab between two sRGB colours as seen with ``vision``."""
    return math.dist(lab(simulate(a, vision)), lab(simulate(b, vision)))


def too_close(group: str, colours: dict[str, str]) -> set[tuple[str, str, str, str]]:
    """(group, vision, name, name) for every pair of named colours under the threshold."""
    return {(group, vision, a, b)
            for (a, ca), (b, cb) in itertools.combinations(colours.items(), 2)
            for vision in VISIONS if delta_e(_srgb(ca), _srgb(cb), vision) < THRESHOLD}


def test_the_simulation_matches_the_published_model() -> None:
    """Checks of the arithmetic itself: white and black stay, pure red and green meet
    under deuteranopia (the confusion the model describes), blue and yellow stay apart."""
    for vision in MACHADO:
        assert delta_e((1, 1, 1), simulate((1, 1, 1), vision)) < 1.5
        assert simulate((0, 0, 0), vision) == (0, 0, 0)
        assert delta_e(_srgb("#1f5fa8"), _srgb("#fee090"), vision) > 60
    assert delta_e(_srgb("#ff0000"), _srgb("#00ff00")) > 80


def test_a_red_green_pair_is_rejected() -> None:
    """The check can fail: a red and an olive green 76 apart in normal vision are 1.5 apart
    under deuteranopia (protanopia darkens the red, which keeps them 27.5 apart)."""
    pair = {"red": "#d13f3f", "green": "#7a8a3a"}
    assert delta_e(_srgb(pair["red"]), _srgb(pair["green"])) > 70
    assert too_close("demo", pair) == {("demo", "deuteranopia", "red", "green")}


# --- where the colours are ---------------------------------------------------------------

@functools.cache
def _county_html() -> str:
    loaded = load_assessment(ROOT / "examples" / "county-sheriff.yaml")
    result = evaluate(loaded.pack, loaded.assessment, input_name="county-sheriff.yaml",
                      input_sha256=loaded.sha256)
    return render(result, "html").decode("utf-8")


def _stylesheets() -> list[str]:
    """The CSS inlined in the HTML report and every stylesheet under templates/."""
    inlined = re.findall(r"<style[^>]*>(.*?)</style>", _county_html(), flags=re.S)
    files = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "templates").rglob("*.css"))]
    return [re.sub(r"/\*.*?\*/", "", css, flags=re.S) for css in [*inlined, *files]]


def _custom_properties() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for css in _stylesheets():
        for name, value in re.findall(r"(--[\w-]+)\s*:\s*(#[0-9a-fA-F]{3,6})\b", css):
            found.setdefault(name, set()).add(value.lower())
    return found


def _one_value(name: str, values: set[str]) -> str:
    assert len(values) == 1, f"{name} is defined as {sorted(values)}: one meaning, one colour"
    return next(iter(values))


def _resolve(value: str) -> str:
    properties = _custom_properties()
    named = re.fullmatch(r"var\(\s*(--[\w-]+)\s*\)", value.strip())
    if named:
        assert named[1] in properties, f"{value} is not defined in any stylesheet"
        return _one_value(named[1], properties[named[1]])
    return value.strip().lower()


def _rule_colours(class_name: str, prop: str) -> set[str]:
    """Every ``prop`` value given to ``.class_name`` (a selector naming exactly that class)
    in any stylesheet, custom properties resolved."""
    values = set()
    for css in _stylesheets():
        for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            if not any(re.search(rf"\.{re.escape(class_name)}(?![\w-])", s)
                       for s in selectors.split(",")):
                continue
            for key, value in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body):
                if key == prop:
                    values.add(_resolve(value))
    return values


def band_tones() -> dict[str, str]:
    """The report's band tones (``--t0`` best … ``--t3``, ``--t4`` no score)."""
    tones = {name: _one_value(name, values) for name, values in _custom_properties().items()
             if re.fullmatch(r"--t\d", name)}
    assert len(tones) >= 4, f"no band tones --t0 … --t3 in the stylesheets: {tones}"
    return dict(sorted(tones.items()))


# The status colours in three meanings: full credit, part-way, none.
STATUS_GROUPS = (("implemented", "alternative"), ("partial", "planned"),
                 ("not_implemented", "unanswered"))


def status_colours() -> dict[str, str]:
    colours = {}
    for status in itertools.chain(*STATUS_GROUPS):
        found = _rule_colours(f"st-{status}", "color")
        assert len(found) == 1, f".st-{status}: colour {sorted(found)}"
        colours[status] = found.pop()
    return colours


# --- the report ---------------------------------------------------------------------------

def test_band_tones_stay_apart_under_each_simulation() -> None:
    assert too_close("tones", band_tones()) == {c for c in KNOWN_TOO_CLOSE if c[0] == "tones"}


def test_status_colours_of_different_meanings_stay_apart() -> None:
    colours = status_colours()
    for group in STATUS_GROUPS:
        assert len({colours[s] for s in group}) == 1, f"{group} share one meaning"
    found = set()
    for a, b in itertools.combinations(STATUS_GROUPS, 2):
        found |= too_close("status", {a[0]: colours[a[0]], b[0]: colours[b[0]]})
    assert found == {c for c in KNOWN_TOO_CLOSE if c[0] == "status"}


def _chart_fills(html: str) -> list[str]:
    """The value bar of each domain in the chart: every rect but the full-width track and
    the narrow band ticks."""
    fills = []
    for svg in re.findall(r'<svg class="bar".*?</svg>', html, flags=re.S):
        for rect in re.findall(r"<rect\b[^>]*>", svg):
            width = float(re.search(r'width="([\d.]+)"', rect)[1])  # type: ignore[index]
            if 1 <= width < 100:
                fills.append(re.search(r'fill="([^"]+)"', rect)[1].lower())  # type: ignore[index]
    return fills


def test_the_chart_uses_the_band_tones_and_writes_each_score() -> None:
    html = _county_html()
    fills = _chart_fills(html)
    assert fills, "no bar in the domain chart"
    assert set(fills) <= set(band_tones().values())
    assert len(set(fills)) >= 3, "the county example spans several bands"
    titles = re.findall(r'<svg class="bar"[^>]*aria-label="([^"]+)"', html)
    assert titles and all(re.search(r": \d+(\.\d)? of 100$", t) for t in titles)


def test_status_is_written_in_words_beside_its_colour() -> None:
    shown = re.findall(r'<(\w+) class="st-(\w+)"[^>]*>([^<]*)<', _county_html())
    assert len({status for _, status, _ in shown}) >= 3
    for _, status, words in shown:
        assert words.strip().startswith(LABELS[status]), (status, words)


# --- the roll-up heat map ------------------------------------------------------------------

@pytest.fixture(scope="module")
def rollup_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("rollup") / "rollup.html"
    result = CliRunner().invoke(main, ["rollup", str(ROOT / "examples"), "-o", str(target)])
    assert result.exit_code == 0, result.output
    return target.read_text(encoding="utf-8")


def heat_colours(html: str) -> dict[str, str]:
    """The background of each band's cells, best band first, from the page's own CSS and
    any stylesheet under templates/."""
    css = [*re.findall(r"<style[^>]*>(.*?)</style>", html, flags=re.S), *_stylesheets()]
    found: dict[str, set[str]] = {}
    for text in css:
        for band, colour in re.findall(
                r"\.heat\s+td\.(b\d+)\s*\{[^}]*background(?:-color)?\s*:\s*([^;}]+)", text):
            found.setdefault(band, set()).add(_resolve(colour))
    assert len(found) >= 2, "no heat-map band colours (.heat td.bN) found"
    return {band: _one_value(band, values) for band, values in sorted(found.items())}


def test_heat_map_bands_stay_apart_under_each_simulation(rollup_html: str) -> None:
    colours = heat_colours(rollup_html)
    assert too_close("heat", colours) == set()


def test_heat_map_cells_write_their_band(rollup_html: str) -> None:
    """Every coloured cell writes its band's mark (``*`` after it: provisional), one mark
    per band, and the key above the table names each mark's band."""
    cells = re.findall(r'<td class="(b\d+)"[^>]*>(.*?)</td>', rollup_html, flags=re.S)
    assert len(cells) > 10
    marks: dict[str, set[str]] = {}
    for band, content in cells:
        mark = re.search(r'<span class="mark">([^<]+)</span>', content)
        assert mark, f"a {band} cell writes no band: {content}"
        marks.setdefault(band, set()).add(mark[1].strip().rstrip("*"))
    assert all(len(m) == 1 for m in marks.values()), marks
    named = {band: next(iter(m)) for band, m in marks.items()}
    assert len(set(named.values())) == len(named), "one mark per band"
    assert all(f"{mark} = " in rollup_html for mark in named.values())


# --- page 1 of the PDF ----------------------------------------------------------------------

def test_page_one_of_the_pdf_keeps_the_chart_tones_apart(tmp_path: Path) -> None:
    """The band tones are found among the pixels of page 1 (the domain chart and the
    rating box), and the simulated pixels keep them as far apart as the CSS says."""
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    image_module = pytest.importorskip("PIL.Image")
    loaded = load_assessment(ROOT / "examples" / "county-sheriff.yaml")
    result = evaluate(loaded.pack, loaded.assessment, input_name="county-sheriff.yaml",
                      input_sha256=loaded.sha256)
    (tmp_path / "county.pdf").write_bytes(render(result, "pdf"))
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1",
                    str(tmp_path / "county.pdf"), str(tmp_path / "page")], check=True)
    (png,) = tmp_path.glob("page*.png")
    image = image_module.open(io.BytesIO(png.read_bytes())).convert("RGB")
    counts = image.getcolors(maxcolors=image.width * image.height)
    assert counts is not None
    pixels = [((r / 255, g / 255, b / 255), n) for n, (r, g, b) in counts]

    used = set(_chart_fills(_county_html()))
    seen: dict[str, RGB] = {}
    for name, colour in band_tones().items():
        if colour not in used:
            continue
        close = [(rgb, n) for rgb, n in pixels if delta_e(rgb, _srgb(colour)) < 3]
        total = sum(n for _, n in close)
        assert total >= 20, f"{name} {colour}: only {total} pixels on page 1"
        seen[name] = tuple(sum(rgb[i] * n for rgb, n in close) / total  # type: ignore[assignment]
                           for i in range(3))
    assert len(seen) >= 3
    as_printed = {name: "#" + "".join(f"{round(c * 255):02x}" for c in rgb)
                  for name, rgb in seen.items()}
    expected = {c for c in KNOWN_TOO_CLOSE if c[0] == "tones" and {c[2], c[3]} <= set(seen)}
    assert too_close("tones", as_printed) == expected
