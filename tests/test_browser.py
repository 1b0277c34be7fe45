"""The report in a real browser: headless Chromium, nothing fetched, nothing failing."""

import json
import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = "/usr/bin/chromedriver"
OPTIONS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           "--window-size=1280,1600"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="no chromium on PATH (apt-get install chromium)"),
    pytest.mark.skipif(not Path(CHROMEDRIVER).exists(),
                       reason=f"no {CHROMEDRIVER} (apt-get install chromium-driver)"),
]


@pytest.fixture(scope="module")
def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for option in OPTIONS:
        options.add_argument(option)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    # An explicit driver path: selenium-manager must never download anything.
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def open_page(browser, page: Path, screenshot: Path):
    browser.get_log("browser"), browser.get_log("performance")  # drop earlier pages' entries
    browser.get(page.as_uri())
    browser.execute_script("return document.fonts.ready.then(() => true)")
    browser.save_screenshot(str(screenshot))
    console = browser.get_log("browser")
    events = [json.loads(e["message"])["message"] for e in browser.get_log("performance")]
    return console, events


def requests(events):
    return [e["params"]["request"]["url"] for e in events
            if e["method"] == "Network.requestWillBeSent"]


def failures(events):
    return [e["params"] for e in events if e["method"] == "Network.loadingFailed"]


@pytest.mark.parametrize("which", ["seeds", "hostile"])
def test_report_loads_clean(browser, built_reports, lang, tmp_path, which):
    page = built_reports(which, lang)
    console, events = open_page(browser, page, tmp_path / f"{which}.png")
    assert (tmp_path / f"{which}.png").stat().st_size > 0
    errors = [e for e in console if e["level"] in {"SEVERE", "ERROR"}]
    assert not errors, errors
    assert not failures(events)
    # Only the page itself and its inline data: no network, no other file.
    assert [u for u in requests(events) if not u.startswith("data:")] == [page.as_uri()]


def test_hostile_text_runs_nothing(browser, hostile_report, tmp_path):  # both editions
    open_page(browser, hostile_report, tmp_path / "hostile.png")
    from selenium.common.exceptions import NoAlertPresentException

    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert.text  # noqa: B018 - any alert() would have fired by now
    assert browser.execute_script("return document.querySelectorAll('script, iframe').length") == 0


def test_persian_quotes_read_right_to_left(browser, seeds_report, tmp_path):
    open_page(browser, seeds_report, tmp_path / "seeds.png")
    script = """
        const q = document.querySelector('blockquote[lang="fa"]');
        return [getComputedStyle(q).direction, q.querySelectorAll('mark').length,
                document.fonts.check('16px Vazirmatn')];
    """
    direction, marks, font = browser.execute_script(script)
    assert direction == "rtl" and marks > 0 and font


def test_edition_direction_and_font(browser, seeds_report, lang, tmp_path):
    # The page flows in the edition's direction, and its prose (not only the quotes)
    # is set in the bundled Persian face wherever there is Persian to set.
    open_page(browser, seeds_report, tmp_path / "seeds.png")
    script = """
        const p = document.querySelector('.jp-RenderedMarkdown p');
        const th = document.querySelector('table.hd-table th');
        const faces = [...document.fonts].filter(f => f.family === 'Vazirmatn');
        return [getComputedStyle(document.body).direction, getComputedStyle(p).fontFamily,
                getComputedStyle(th).textAlign, faces.map(f => f.status),
                getComputedStyle(document.querySelector('ol')).listStyleType];
    """
    direction, family, align, faces, list_style = browser.execute_script(script)
    assert direction == {"en": "ltr", "fa": "rtl"}[lang]
    assert family.startswith("Vazirmatn") and faces == ["loaded"]
    assert align in {"start", {"en": "left", "fa": "right"}[lang]}
    assert list_style == {"en": "decimal", "fa": "persian"}[lang]


def test_the_first_screen_holds_the_findings(browser, seeds_report, lang, tmp_path):
    # On a laptop screen (1280 x 800), before any scrolling: the corpus line, the top partners
    # and the top themes are visible, and the contents follow them.
    browser.set_window_size(1280, 800)
    try:
        open_page(browser, seeds_report, tmp_path / "first-screen.png")
        script = """
            const seen = id => { const r = document.getElementById(id).getBoundingClientRect();
                                 return r.height > 0 && r.top >= 0 && r.bottom <= window.innerHeight; };
            return [window.scrollY, ['findings-corpus', 'findings-partners', 'findings-themes'].map(seen),
                    document.getElementById('findings-corpus').textContent,
                    document.querySelectorAll('#contents a').length];
        """
        scrolled, visible, corpus_line, contents = browser.execute_script(script)
    finally:
        browser.set_window_size(1280, 1600)
    assert scrolled == 0 and visible == [True, True, True], (visible, corpus_line)
    assert {"en": "4 articles", "fa": "۴ مقاله"}[lang] in corpus_line
    assert contents >= 4  # the two sections, the trust section and the appendix


def partner_pages(report: Path, lang: str) -> list[Path]:
    pages = sorted((report.parent / "figures" / "partners").glob("*.html"))
    return [p for p in pages if p.name.endswith(".fa.html") == (lang == "fa")]


def test_partner_page_opens_with_nothing_fetched(browser, seeds_report, lang, tmp_path):
    # A page an analyst sends on its own: it loads nothing, not even from beside it.
    pages = partner_pages(seeds_report, lang)
    assert pages
    for page in pages:
        console, events = open_page(browser, page, tmp_path / f"{page.stem}.png")
        assert not [e for e in console if e["level"] in {"SEVERE", "ERROR"}]
        assert not failures(events)
        assert [u for u in requests(events) if not u.startswith("data:")] == [page.as_uri()]
        script = """
            const q = document.querySelector('blockquote.hd-quote');
            return [getComputedStyle(document.body).direction, document.querySelectorAll('mark').length,
                    getComputedStyle(q).borderInlineStartWidth, document.styleSheets.length];
        """
        direction, marks, border, sheets = browser.execute_script(script)
        assert direction == {"en": "ltr", "fa": "rtl"}[lang] and marks > 0
        assert border == "4px" and sheets == 1  # styled by its own CSS, inside the page


def test_wide_tables_wrap_on_a_laptop_screen(browser, tmp_path):
    # Thirty partners with long names as columns: the table wraps inside the page's column
    # on a 1280-pixel screen instead of running past it.
    import nbformat
    import pandas as pd

    from healthdiplomacy.report.build import export_html
    from healthdiplomacy.report.html import table_html

    wide = pd.DataFrame({f"Partner {i} with a long name": [f"unbroken{i}" * 5, i] for i in range(30)})
    cell = nbformat.v4.new_code_cell("wide")
    cell.outputs = [nbformat.v4.new_output("display_data", {"text/html": table_html(wide)})]
    page = tmp_path / "wide.html"
    page.write_text(export_html(nbformat.v4.new_notebook(cells=[cell])), "utf-8")
    browser.set_window_size(1280, 800)
    try:
        open_page(browser, page, tmp_path / "wide.png")
        table_right, main_right, page_width, window = browser.execute_script("""
            return [document.querySelector('table.hd-table').getBoundingClientRect().right,
                    document.querySelector('main').getBoundingClientRect().right,
                    document.documentElement.scrollWidth, window.innerWidth];
        """)
    finally:
        browser.set_window_size(1280, 1600)
    assert table_right <= main_right and page_width <= window


def test_report_tables_stay_inside_the_page(browser, seeds_report, lang, tmp_path):
    browser.set_window_size(1280, 800)
    try:
        open_page(browser, seeds_report, tmp_path / "tables.png")
        overflowing = browser.execute_script("""
            const main = document.querySelector('main').getBoundingClientRect();
            return [...document.querySelectorAll('table.hd-table')].map(t => t.getBoundingClientRect())
                .filter(r => r.left < main.left - 1 || r.right > main.right + 1).length;
        """)
    finally:
        browser.set_window_size(1280, 1600)
    assert overflowing == 0
