"""The UI driven in Debian's chromium as a person would use it, and hostile pages that must not run.

Needs ``/usr/bin/chromium`` (``apt-get install chromium``) and the Playwright
Python client (``pip install playwright``; the browser is never downloaded).
Screenshots land in ``$KANSOU_SCREENSHOTS`` (set it to ``docs/screenshots`` to refresh the
README's pictures) or a temporary folder.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.conftest import LiveServer

CHROMIUM = Path("/usr/bin/chromium")
#: Screenshots go to ``KANSOU_SCREENSHOTS`` (``docs/screenshots`` to refresh the README's),
#: else to a temporary folder, so a test run never changes the working tree.
SCREENSHOTS = Path(
    os.environ.get("KANSOU_SCREENSHOTS") or Path(tempfile.gettempdir()) / "kansou-screenshots"
)
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

pytestmark = pytest.mark.browser
sync_api = pytest.importorskip(
    "playwright.sync_api", reason="Python Playwright is not installed (pip install playwright)"
)
if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
    pytest.skip("Debian's chromium is missing (apt-get install chromium)", allow_module_level=True)

#: Counts what a successful injection would leave in the page.
INJECTED = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  title: document.title,
  handlers: document.querySelectorAll('[onmouseover],[onerror],[onfocus],[onclick]').length,
  bogus_images: document.querySelectorAll('img[src="x"]').length,
  inline_scripts: [...document.scripts].filter(
      s => !s.src && !(s.type || '').startsWith('application/')).length,
  js_links: [...document.querySelectorAll('a[href]')].filter(
      a => a.href.trim().toLowerCase().startsWith('javascript:')).length,
})"""

#: True when a canvas holds at least one non-transparent pixel.
CANVAS_INKED = """(id) => {
  const c = document.getElementById(id);
  if (!c || !c.width || !c.height) return false;
  const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) return true;
  return false;
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    yield pg
    context.close()


def shot(page: Any, name: str, *, full: bool = False) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full)


def title_url(server: LiveServer, page: Any, name: str) -> str:
    import httpx

    found = httpx.get(f"{server.url}/api/v1/titles", params={"q": name}).json()["data"]
    return f"{server.url}/titles/{found[0]['id']}"


def test_title_page_shows_consensus_and_draws_charts(live_server: LiveServer, page: Any) -> None:
    page.goto(title_url(live_server, page, "Metallic Rouge"))
    assert page.locator("#title-name").inner_text() == "Metallic Rouge"
    assert page.locator("#consensus-score").inner_text() == "51.6"
    assert re.search(
        r"90% interval 34\.6–68\.5 · 4 reviews", page.locator("#consensus-interval").inner_text()
    )
    assert "2.95/5 = 59/100" in page.locator("#site-scores").inner_text()
    assert page.locator("#points .criticism li").count() >= 1
    for chart in ("chart-distribution", "chart-episodes"):
        page.wait_for_selector(f"#{chart}[data-drawn]", timeout=5000)
        assert page.evaluate(CANVAS_INKED, chart), f"{chart} is blank"
    assert page.errors == []
    shot(page, "title", full=True)


def test_quote_links_to_its_highlighted_span(live_server: LiveServer, page: Any) -> None:
    title = title_url(live_server, page, "Metallic Rouge")
    page.goto(title)
    criticised = page.locator("#points .criticism a.quote").first
    quoted = criticised.inner_text().strip("“”")
    criticised.click()
    page.wait_for_url(re.compile(r"/documents/\d+\?hl=\d+-\d+#span-\d+-\d+$"))
    target = page.locator("mark:target")
    assert target.count() == 1
    assert target.inner_text() == quoted
    assert target.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(255, 179, 71)"
    assert target.is_visible()
    shot(page, "document")
    page.goto(title)
    review = page.locator("#reviews a.quote").first
    start = review.inner_text().strip("“”…")[:40]
    review.click()
    page.wait_for_url(re.compile(r"/documents/\d+#span-\d+-\d+$"))
    # the excerpt opens with the review's own words; the highlighted span holds them all
    assert start in page.locator("mark:target").inner_text()


def test_search_with_a_typo_finds_the_title(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/")
    page.fill("header input[name=q]", "metalic ruge")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=metalic\+ruge"))
    assert page.locator("#fuzzy-note").is_visible()
    page.locator("#title-results a", has_text="Metallic Rouge").click()
    page.wait_for_url(re.compile(r"/titles/\d+$"))
    assert page.locator("#consensus-score").inner_text() == "51.6"
    page.goto(live_server.url + "/search?q=Asimov")
    assert "Asimov" in page.locator("#review-results b").first.inner_text()
    shot(page, "search")


def test_browse_and_person_pages(live_server: LiveServer, page: Any) -> None:
    page.goto(live_server.url + "/browse?studio=Bones&sort=reviews")
    assert page.locator("#browse-results tbody tr").count() == 1
    shot(page, "browse")
    page.goto(title_url(live_server, page, "Metallic Rouge"))
    page.locator("#cast a", has_text="Tomoyo Kurosawa").click()
    assert page.locator("#person-name").inner_text() == "Tomoyo Kurosawa"
    assert "Naomi Orthmann" in page.locator("#roles").inner_text()


def test_api_docs_render_from_local_assets(live_server: LiveServer, page: Any) -> None:
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(live_server.url + "/docs")
    page.wait_for_selector(".swagger-ui .opblock", timeout=10000)
    assert page.locator(".swagger-ui .opblock").count() >= 8
    assert all(u.startswith(live_server.url) or u.startswith("data:") for u in requests), requests
    assert page.errors == []


@pytest.mark.parametrize("bypass_csp", [False, True], ids=["with-csp", "escaping-alone"])
def test_hostile_pages_run_nothing(live_server: LiveServer, browser: Any, bypass_csp: bool) -> None:
    """Payloads in title, author, headline, body and URL stay text; with the CSP switched
    off in the browser too, so escaping alone is what is tested."""
    context = browser.new_context(bypass_csp=bypass_csp, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console", lambda m: violations.append(m.text) if "Content Security" in m.text else None
    )
    hostile = title_url(live_server, page, "Pwn Show")
    doc = page.request.get(hostile.replace("/titles/", "/api/v1/titles/")).json()["data"]
    urls = [
        hostile,
        f"{live_server.url}/documents/{doc['reviews'][0]['document']}",
        f"{live_server.url}/search?q=pwned",
        f"{live_server.url}/search?q=" + "%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E",
        f"{live_server.url}/",
        f"{live_server.url}/browse",
    ]
    for url in urls:
        page.goto(url)
        page.mouse.move(200, 300)
        for el in page.locator("main *").all()[:200]:
            el.hover(timeout=200, trial=False, force=True) if el.is_visible() else None
        state = page.evaluate(INJECTED)
        assert state == {
            "pwned": None, "title": state["title"], "handlers": 0, "bogus_images": 0,
            "inline_scripts": 0, "js_links": 0,
        }, (url, state)  # fmt: skip
        assert state["title"] != "PWNED" and state["title"].endswith(" · kansou")
    page.goto(hostile)
    ld = page.evaluate("() => JSON.parse(document.getElementById('jsonld').textContent)")
    assert ld["name"].startswith("<script>window.__pwned")
    assert ld["review"][0]["author"]["name"].startswith('" onmouseover=')
    assert "onmouseover" in page.locator("#reviews .author").first.inner_text()
    assert violations == []
    if not bypass_csp:
        shot(page, "hostile", full=False)
    context.close()


# -- the README's own demo, walked from its home page ------------------------------------------

README = Path(__file__).resolve().parents[2] / "README.md"
#: Pages of each kind opened in chromium after the walk (first address of each kind).
PAGE_KINDS = {
    "home": r"^/$",
    "browse": r"^/browse\?genre=",
    "title-with-reviews": r"^/titles/\d+$",
    "catalog": r"^/titles/\d+/catalog$",
    "document": r"^/documents/\d+$",
    "person": r"^/people/\d+$",
}


def readme_demo_command() -> list[str]:
    """The quick start's first command, less its ``pip install .`` (this environment has
    kansou installed): ``kansou demo``."""
    quick = README.read_text().split("## Quick start", 1)[1].split("\n## ", 1)[0]
    first = next(line.strip() for line in quick.splitlines() if line.startswith("    "))
    install, demo = first.split(" && ")
    assert install == "pip install ." and demo == "kansou demo"
    return demo.split()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``kansou demo`` as the README runs it, in a fresh data directory, on a free port."""
    import subprocess
    import sys
    import time

    import httpx

    from tests.serve.conftest import free_port

    data = tmp_path_factory.mktemp("demo-data")
    port = free_port()
    argv = [sys.executable, "-m", "kansou", *readme_demo_command()[1:], "--port", str(port)]
    env = {**os.environ, "XDG_DATA_HOME": str(data)}
    env.pop("KANSOU_DB", None)
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                raise RuntimeError(f"kansou demo exited: {proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                if httpx.get(url + "/", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_every_link_of_the_readme_demo_answers_and_every_page_kind_renders(
    demo_server: str, page: Any
) -> None:
    import httpx

    from tests.serve.linkwalk import walk

    with httpx.Client(base_url=demo_server, timeout=30) as http:

        def fetch(path: str) -> tuple[int, str, bytes]:
            answer = http.get(path, headers={"accept": "text/html"})
            return answer.status_code, answer.headers.get("content-type", ""), answer.content

        walked = walk(fetch)
    assert walked.failures == []
    assert len(walked.paths(r"^/titles/\d+$")) > 500  # the catalog slice's titles, every one
    for kind, pattern in PAGE_KINDS.items():
        path = walked.paths(pattern)[0]
        page.goto(demo_server + path)
        hrefs = page.evaluate(
            "() => [...document.querySelectorAll('a[href]')].map(a => a.getAttribute('href'))"
        )
        local = [h.split("#")[0] for h in hrefs if h.startswith("/") and h.split("#")[0]]
        assert not [h for h in local if h not in walked.statuses], kind
        assert not [h for h in hrefs if "None" in h], kind
        assert page.errors == [], kind
        shot(page, f"demo-{kind}", full=True)


def test_the_demo_title_pages_read_at_a_glance(demo_server: str, page: Any) -> None:
    import httpx

    found = httpx.get(f"{demo_server}/api/v1/titles", params={"q": "Metallic Rouge"}).json()
    page.goto(f"{demo_server}/titles/{found['data'][0]['id']}")
    assert page.locator("#verdict-words").inner_text() == "Mixed or average"
    assert "36.2" in page.locator("#raw-mean").inner_text()
    page.wait_for_selector("#chart-aspects[data-drawn]", timeout=5000)
    bars = page.evaluate("() => Chart.getChart('chart-aspects').data.labels.length")
    ticks = page.evaluate("() => Chart.getChart('chart-aspects').scales.y.ticks.length")
    assert bars == ticks == 8, "every aspect bar carries its label"
    assert "voice acting" in page.locator("#aspects").inner_text()
    shot(page, "title", full=True)
    page.goto(f"{demo_server}/documents/2")
    numbers = page.evaluate(
        """() => { const ol = document.querySelector('#facts-list ol');
                   const li = ol.querySelectorAll('li')[9];
                   const probe = document.createElement('span'); probe.textContent = '10.';
                   li.prepend(probe);  // the widest marker shown, "10.", must fit the indent
                   const width = probe.getBoundingClientRect().width; probe.remove();
                   return [width, parseFloat(getComputedStyle(ol).paddingLeft)]; }"""
    )
    assert numbers[0] < numbers[1], f"a two-digit fact number is clipped: {numbers}"
    bebop = httpx.get(f"{demo_server}/api/v1/titles", params={"q": "Cowboy Bebop"}).json()
    page.goto(f"{demo_server}/titles/{bebop['data'][0]['id']}")
    assert page.locator("#verdict-words").inner_text() == "No verdict yet"
    assert "MyAnimeList catalog" in page.locator("#fact-episodes").inner_text()
    shot(page, "title-catalog-only", full=False)


def test_japanese_text_renders_in_a_japanese_font(live_server: LiveServer, page: Any) -> None:
    """Without a CJK font chromium draws boxes; the README names the font package."""
    import subprocess

    fonts = subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False)
    if not fonts.stdout.strip():
        pytest.skip("no Japanese font installed (apt-get install fonts-ipafont-gothic)")
    page.goto(title_url(live_server, page, "Metallic Rouge"))
    tag = page.locator("#aliases .hashtag").first
    assert tag.inner_text() == "#メタリックルージュ"
    cdp = page.context.new_cdp_session(page)  # which fonts chromium really drew it with
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#aliases .hashtag"})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    japanese = [
        f for f in fonts if any(w in f["familyName"] for w in ("Gothic", "CJK", "ゴシック"))
    ]
    assert japanese and sum(f["glyphCount"] for f in japanese) >= len("メタリックルージュ"), fonts
