"""Facts read from a page's markup (facts boxes, episode tables, credits, list entries) by
the general route, on page shapes written for these tests and on real pages of other sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from kansou.clean import clean
from kansou.extract.base import registered
from kansou.model import Claim, ClaimKind, Cleaned, Document, Extraction

SHARED = Path(__file__).resolve().parents[2] / ".." / "shared"


def _run(body: str) -> tuple[Cleaned, Extraction]:
    html = f"<html><head><title>Page</title></head><body>{body}</body></html>"
    document = Document("page.html", html.encode(), "text/html")
    cleaned = clean(document)
    return cleaned, registered()["general"].extract(document, cleaned)


def _of(extraction: Extraction, kind: ClaimKind) -> list[Claim]:
    return [c for c in extraction.claims if c.kind is kind]


def _values(extraction: Extraction, kind: ClaimKind, key: str) -> list[object]:
    return [c.data[key] for c in _of(extraction, kind)]


def _shown(cleaned: Cleaned, claim: Claim) -> str:
    return cleaned.text[claim.span.start : claim.span.end]


_FACTS_TABLE = """<h1>Shield Hero</h1><table>
<tr><th>Main Title</th><td>Tate no Yuusha no Nariagari</td></tr>
<tr><th>Type</th><td>TV Series, 25 episodes</td></tr>
<tr><th>Year</th><td>27.12.2018 until 26.06.2019</td></tr>
<tr><th>Rating</th><td>4.78 (1627)</td></tr>
<tr><th>Average</th><td>6.54 (1662)</td></tr></table>
<h2>Staff</h2><table><tr><td>Animation Work:</td><td><a href="/c/1">Kinema Citrus</a></td></tr>
<tr><td>Music:</td><td>Kevin Penkin</td></tr></table>
<h2>Credits</h2><p>Studio Cockpit</p><p>eps 1-3, 11, 27-28</p>"""


def test_a_facts_table_is_read_cell_by_cell() -> None:
    cleaned, extraction = _run(_FACTS_TABLE)
    assert _values(extraction, ClaimKind.MEDIA_TYPE, "value") == ["TV"]
    assert _values(extraction, ClaimKind.EPISODE_COUNT, "value") == [25]
    dates = [(c.data["role"], c.data["date"]) for c in _of(extraction, ClaimKind.DATE)]
    assert dates == [("start", "2018-12-27"), ("end", "2019-06-26")]
    (score,) = _of(extraction, ClaimKind.SITE_SCORE)
    # no maximum is written: the box's largest score (6.54) says the scale is out of 10
    assert (score.data["score"]["value"], score.data["score"]["scale_max"]) == (4.78, 10)
    assert score.data["votes"] == 1627
    assert _shown(cleaned, score) == "4.78"


def test_the_box_names_the_studio_and_credit_lines_name_none() -> None:
    cleaned, extraction = _run(_FACTS_TABLE)
    (studio,) = _of(extraction, ClaimKind.STUDIO)
    assert studio.data["name"] == "Kinema Citrus"
    assert _shown(cleaned, studio) == "Kinema Citrus"
    # "eps 1-3, 11" lists a credit's episodes; it is not an episode count
    assert _values(extraction, ClaimKind.EPISODE_COUNT, "value") == [25]


def test_label_elements_and_definition_lists_pair_labels_with_values() -> None:
    _cleaned, extraction = _run(
        '<h1>Death Note</h1><ul><li><div><span class="header">Type:</span> TV-Series, 37 '
        '(~23 min)</div><div><span class="header">Status:</span> Completed</div>'
        '<div><span class="header">Studio:</span> <a href="/company/31">MADHOUSE Inc.</a></div>'
        "</li></ul><dl><dt>Released</dt><dd>Oct 4, 2006</dd></dl>"
    )
    assert _values(extraction, ClaimKind.MEDIA_TYPE, "value") == ["TV"]
    assert _values(extraction, ClaimKind.EPISODE_COUNT, "value") == [37]
    assert _values(extraction, ClaimKind.EPISODE_MINUTES, "value") == [23]
    assert _values(extraction, ClaimKind.STATUS, "value") == ["finished"]
    assert _values(extraction, ClaimKind.STUDIO, "name") == ["MADHOUSE Inc."]
    assert _values(extraction, ClaimKind.DATE, "date") == ["2006-10-04"]


def test_the_first_statement_is_the_subjects_and_later_ones_are_other_releases() -> None:
    _cleaned, extraction = _run(
        "<h1>Case Closed</h1><ul><li><div><b>Status:</b> Ongoing</div><div><b>Release Date:</b>"
        " 08.01.1996 - ?</div></li><li><div><b>Status:</b> Completed</div>"
        "<div><b>Release Date:</b> 10.05.2007 - 04.07.2008</div></li></ul>"
    )
    assert _values(extraction, ClaimKind.STATUS, "value") == ["airing"]
    dates = [(c.data["role"], c.data["date"]) for c in _of(extraction, ClaimKind.DATE)]
    assert dates == [("release", "1996-01-08")]  # one date of a "release": start or end


def test_a_studio_value_keeps_its_company_suffix_and_drops_its_note() -> None:
    _cleaned, extraction = _run(
        "<h1>A Silent Voice</h1><table><tr><td>Studios:</td><td>Kyoto Animation Co., Ltd.</td>"
        "</tr></table><div><b>Animation Production</b>: <br><a href='/c/33'>OLM</a> <small>"
        "(Team Kato from eps 1-45; Team Kumemura from ep 46 on)</small></div>"
    )
    assert _values(extraction, ClaimKind.STUDIO, "name") == ["Kyoto Animation Co., Ltd.", "OLM"]


def test_slashed_dates_take_the_order_the_page_shows() -> None:
    _cleaned, extraction = _run(
        "<h1>Fullmetal Alchemist: Brotherhood</h1><table><tr><td>Air Date:</td>"
        "<td>04/05/2009 - 07/04/2010</td></tr></table><p>Last Ep. aired on Sunday 07/04/2010</p>"
    )
    dates = [(c.data["role"], c.data["date"]) for c in _of(extraction, ClaimKind.DATE)]
    assert dates == [("start", "2009-04-05"), ("end", "2010-07-04")]


def test_the_main_heading_tags_the_kind_and_the_header_describes_the_subject() -> None:
    _cleaned, extraction = _run(
        "<h1>Black Clover (TV)</h1><p>TV (170 eps)</p><p>4.2 out of 5 from 1,234 votes</p>"
        '<p><a href="/anime/studios/pierrot">Pierrot</a></p><h2>Related anime</h2>'
        "<p>TV (13 eps)</p>" + "<p>filler</p>" * 20 + "<p>Movie (1 ep)</p>"
    )
    assert _values(extraction, ClaimKind.TITLE, "name") == ["Black Clover"]
    assert _values(extraction, ClaimKind.MEDIA_TYPE, "value") == ["TV"]
    assert _values(extraction, ClaimKind.EPISODE_COUNT, "value") == [170]
    (score,) = _of(extraction, ClaimKind.SITE_SCORE)
    assert (score.data["score"]["normalized"], score.data["votes"]) == (84.0, 1234)
    assert _values(extraction, ClaimKind.STUDIO, "name") == ["Pierrot"]


def test_an_episode_table_is_read_by_its_header() -> None:
    cleaned, extraction = _run(
        "<h1>Death Note</h1><table><tr><th>EP</th><th>Title</th><th>Duration</th>"
        "<th>Air Date</th></tr><tr><td>1</td><td><label>Rebirth</label></td><td>25m</td>"
        "<td>04.10.2006</td></tr><tr><td>2</td><td>“Confrontation”</td><td>25m</td>"
        "<td>11.10.2006</td></tr><tr><td>S1</td><td>Relight</td><td>130m</td><td></td></tr>"
        "<tr><td>3</td><td>Dealings</td><td>25m</td><td>18.10.2006</td></tr></table>"
    )
    rows = [(c.data["number"], c.data["title"], c.data["aired"]) for c in _of(extraction,
            ClaimKind.EPISODE)]  # fmt: skip
    assert rows == [(1, "Rebirth", "2006-10-04"), (2, "Confrontation", "2006-10-11"),
                    (3, "Dealings", "2006-10-18")]  # fmt: skip
    assert _shown(cleaned, _of(extraction, ClaimKind.EPISODE)[1]) == "Confrontation"


def test_a_headerless_numbered_table_is_episodes_only_with_air_dates() -> None:
    episodes = "".join(
        f"<tr><td>2005-01-{n:02d}</td><td>{n}.</td><td><div>Title {n}</div><div>romaji</div>"
        "</td></tr>"
        for n in range(1, 5)
    )
    ranking = "".join(
        f"<tr><td>{n}.</td><td>Other Show {n}</td><td>8.{n}</td></tr>" for n in range(1, 6)
    )
    _cleaned, extraction = _run(f"<h1>Jinki</h1><table>{episodes}</table><table>{ranking}</table>")
    assert [(c.data["number"], c.data["title"]) for c in _of(extraction, ClaimKind.EPISODE)] == [
        (1, "Title 1"), (2, "Title 2"), (3, "Title 3"), (4, "Title 4"),
    ]  # fmt: skip


def test_actor_as_character_credits_pair_each_character() -> None:
    cleaned, extraction = _run(
        "<h1>Frieren (TV)</h1><div><a href='/p/1'>Atsumi Tanezaki</a> <i>as</i> <b>Frieren</b></div>"
        "<div><a href='/p/2'>Kento Shiraishi</a> <i>as</i> <br><b>Falsch</b> <small>(eps 18, 24)"
        "</small><span><img src='i.gif'></span><br><b>Guard</b> <small>(ep 6)</small></div>"
        "<table><tr><td>Ishikawa Kaito</td><td>as</td><td><a href='/c/1'>Filo</a> "
        "<a href='/c/2'>Filo (bird)</a></td></tr></table>"
        "<p>She is known as the Slayer.</p>"
    )
    pairs = [(c.data["character"], c.data["actor"]) for c in _of(extraction, ClaimKind.CAST)]
    assert pairs == [("Frieren", "Atsumi Tanezaki"), ("Falsch", "Kento Shiraishi"),
                     ("Guard", "Kento Shiraishi"), ("Filo", "Ishikawa Kaito"),
                     ("Filo (bird)", "Ishikawa Kaito")]  # fmt: skip
    assert _shown(cleaned, _of(extraction, ClaimKind.CAST)[0]) == "Atsumi Tanezaki"


def test_character_cards_under_a_cast_heading() -> None:
    cards = "".join(
        f'<a class="card" href="/c/{n}"><div><strong>{c}</strong></div><div>{a}</div>'
        f"<div>{n}0</div></a>"
        for n, (c, a) in enumerate([("C.C.", "Yukana"), ("Kallen STADTFELD", "Ami Koshimizu")])
    )
    _cleaned, extraction = _run(f"<h1>Code Geass</h1><h2>Characters</h2><div>{cards}</div>")
    pairs = [(c.data["character"], c.data["actor"]) for c in _of(extraction, ClaimKind.CAST)]
    assert pairs == [("C.C.", "Yukana"), ("Kallen STADTFELD", "Ami Koshimizu")]


def test_a_list_page_yields_its_entries_and_no_subject_facts() -> None:
    entries = "".join(
        f'<li class="card"><a href="/anime/show-{n}"><h4>Show number {n}</h4><div>Watched</div>'
        "</a></li>"
        for n in range(1, 8)
    )
    _cleaned, extraction = _run(
        f"<h1>Browse anime</h1><h2>Characters</h2><p>Big Eyes</p><p>Long Hair</p>"
        f"<ul>{entries}</ul><p><a href='/about'>About us</a></p>"
    )
    names = [(c.data["name"], c.subject) for c in _of(extraction, ClaimKind.LISTING_ENTRY)]
    assert names == [(f"Show number {n}", f"Show number {n}") for n in range(1, 8)]
    assert _of(extraction, ClaimKind.CAST) == []


def test_a_title_page_with_recommendations_is_not_a_list() -> None:
    recs = "".join(f'<li><a href="/anime/other-{n}">Other show {n}</a></li>' for n in range(1, 8))
    _cleaned, extraction = _run(
        "<h1>Death Note</h1><table><tr><th>Type</th><td>TV</td></tr><tr><th>Episodes</th>"
        f"<td>37</td></tr></table><h2>Recommendations</h2><ul>{recs}</ul>"
    )
    assert _of(extraction, ClaimKind.LISTING_ENTRY) == []


@pytest.mark.parametrize(
    ("page", "studios", "episodes"),
    [
        ("animenewsnetwork/enc-frieren.html", ["Madhouse"], [28]),
        ("animenewsnetwork/enc-pokemon-horizons.html", ["OLM", "Team Kato"], []),
        ("anidb/death-note.html", ["Madhouse"], [37]),
    ],
)
def test_real_pages_state_one_studio_and_one_episode_count(
    page: str, studios: list[str], episodes: list[int]
) -> None:
    path = SHARED / "sites" / page
    if not path.exists():
        pytest.skip(f"../shared is missing ({path})")
    document = Document(str(path), path.read_bytes(), "text/html")
    extraction = registered()["general"].extract(document, clean(document))
    assert _values(extraction, ClaimKind.STUDIO, "name") == studios
    assert _values(extraction, ClaimKind.EPISODE_COUNT, "value") == episodes
