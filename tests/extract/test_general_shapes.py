"""General extraction on page shapes it was not developed on (no seed looks like these).

Each page is written the way another kind of site writes it; the assertions
are what a reader of that page would say it states.
"""

from __future__ import annotations

from typing import Any

import pytest

from kansou.clean import clean
from kansou.extract import extract
from kansou.model import ClaimKind, Document, DocumentKind, Extraction


def run(text: str, media_type: str = "text/plain") -> tuple[Extraction, str]:
    doc = Document("page", text.encode(), media_type)
    cleaned = clean(doc)
    return extract(doc, cleaned), cleaned.text


def of_kind(ex: Extraction, kind: ClaimKind) -> list[dict[str, Any]]:
    return [dict(c.data) for c in ex.claims if c.kind == kind]


BLOG_REVIEW = """Review: Frieren: Beyond Journey's End
By Jane Doe
Posted March 3, 2024

Frieren is the rare fantasy anime that is about what happens after the adventure ends, and it takes its time.
The pacing is slow on purpose, and most episodes linger on small moments between the characters.
Some viewers will call it a 10/10 masterpiece, but the middle stretch drags more than it should at times.

Final verdict: A-
"""


def test_blog_review_with_letter_grade_verdict_and_byline() -> None:
    ex, text = run(BLOG_REVIEW)
    assert ex.kind == DocumentKind.REVIEW
    assert ex.subject == "Frieren: Beyond Journey's End"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["author"] == "Jane Doe"
    assert review["score"]["as_written"] == "A-"
    assert 80 <= review["score"]["normalized"] <= 95  # an A- is high, whatever the exact ladder
    start, end = review["score"]["span"]
    assert text[start:end] == "A-"
    assert "10/10" in review["text"]  # quoted in the body, not the review's score


DATABASE_PAGE = """Sousou no Frieren
Type: TV
Episodes: 28
Status: Finished Airing
Aired: Sep 29, 2023 to Mar 22, 2024
Studios: Madhouse
Duration: 24 min. per ep.
Voice Cast
Frieren - Atsumi Tanezaki
Fern - Kana Ichinose
Stark - Chiaki Kobayashi
"""


def test_database_page_with_one_pair_per_line_cast() -> None:
    ex, _ = run(DATABASE_PAGE)
    assert ex.kind == DocumentKind.TITLE_PAGE
    assert ex.subject == "Sousou no Frieren"
    assert of_kind(ex, ClaimKind.EPISODE_COUNT) == [{"value": 28}]
    dates = {(d["role"], d["date"]) for d in of_kind(ex, ClaimKind.DATE)}
    assert dates == {("start", "2023-09-29"), ("end", "2024-03-22")}
    assert of_kind(ex, ClaimKind.EPISODE_MINUTES)[0]["value"] == 24
    assert [c["name"] for c in of_kind(ex, ClaimKind.STUDIO)] == ["Madhouse"]
    cast = [(c["character"], c["actor"]) for c in of_kind(ex, ClaimKind.CAST)]
    assert cast == [
        ("Frieren", "Atsumi Tanezaki"),
        ("Fern", "Kana Ichinose"),
        ("Stark", "Chiaki Kobayashi"),
    ]


EPISODE_GUIDE = """Frieren episode guide
Ep. 1 - The Journey's End — Rating: 4/5
Ep. 2 - It Didn't Have to Be Magic... — Rating: 4.5/5
Ep. 3 - Killing Magic
Ep. 4 - The Land Where Souls Rest — Rating: 5/5
"""


def test_episode_rows_with_and_without_scores() -> None:
    ex, _ = run(EPISODE_GUIDE)
    assert ex.kind == DocumentKind.EPISODE_GUIDE
    rows = of_kind(ex, ClaimKind.EPISODE)
    assert [(r["number"], r["title"]) for r in rows] == [
        (1, "The Journey's End"),
        (2, "It Didn't Have to Be Magic..."),
        (3, "Killing Magic"),
        (4, "The Land Where Souls Rest"),
    ]
    assert [r["score"] and r["score"]["value"] for r in rows] == [4.0, 4.5, None, 5.0]


HTML_REVIEW = """<!doctype html><html><head><title>Dungeon Meshi review | Some Blog</title>
<script>var x = "Score: 1/10";</script></head><body>
<nav><a href="/">Home</a> <a href="/reviews">Reviews</a></nav>
<article><h1>Dungeon Meshi</h1>
<p>By <span>Sam Lee</span></p>
<h2>Information</h2>
<p>Studio: Trigger</p><p>Episodes: 24</p><p>Type: TV</p>
<p>Score: 8.5/10 (from 1,204 users)</p>
</article><footer>Copyright</footer></body></html>"""


def test_html_page_subject_from_heading_and_facts_box() -> None:
    ex, text = run(HTML_REVIEW, "text/html")
    assert ex.subject == "Dungeon Meshi"
    assert [c["name"] for c in of_kind(ex, ClaimKind.STUDIO)] == ["Trigger"]
    [site] = of_kind(ex, ClaimKind.SITE_SCORE)
    assert site["score"]["normalized"] == 85.0 and site["votes"] == 1204
    assert "1/10" not in text  # script content never reaches the text


def test_a_missing_score_is_missing_never_zero() -> None:
    ex, _ = run(BLOG_REVIEW.replace("Final verdict: A-\n", ""))
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"] is None and review["status"] == "unscored"


SCORED_WITHOUT_HEADLINE = """URL: https://reviews.example.org/item?id=4411

March 2, 2020
Sunrise once put out a single-episode OVA in 1991 called Moonlit Harbor, and I still cannot tell you why anyone greenlit it.

Story: 3/10
The plot is a boy who finds a map and then the credits roll.

Art: 5/10
Fine for its year, nothing more.

Overall: 4/10
"""


def test_a_scored_review_without_a_headline_is_about_the_work_its_opening_names() -> None:
    ex, _text = run(SCORED_WITHOUT_HEADLINE)
    assert ex.kind == DocumentKind.REVIEW
    assert ex.subject == "Moonlit Harbor"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "4/10"


GANG_CALLED = """URL: https://blog.example.net/posts/8812

The story follows two friends who race bikes against a rival gang called "The Vipers" through a flooded city, and it keeps that pace for two hours.
I liked the music and the city far more than the friends themselves, who are thin.
"""


def test_a_gang_called_something_is_not_taken_for_the_anime() -> None:
    ex, _text = run(GANG_CALLED)
    assert ex.subject != "The Vipers"


ADDRESS_ONLY = """URL: https://db.example.ru/animes/70211-kumo-no-mukou-season-2/reviews/5531

Второй сезон держится на том же уровне, что и первый, а местами даже лучше: новые персонажи оживили компанию.
Рисовка не стала хуже, событий хватает, и смотреть по-прежнему интересно до самого конца.
"""


def test_a_review_address_names_the_anime_past_its_leading_id() -> None:
    ex, _text = run(ADDRESS_ONLY)
    assert ex.kind == DocumentKind.REVIEW  # the address says /reviews/
    assert ex.subject is not None and "Kumo No Mukou" in ex.subject
    assert not ex.subject.startswith("70211")


SITE_NAMED_HEADLINE = """URL: https://paperlantern.example.com/2022/03/04/paper-lantern-review-harbor-lights/

Paper Lantern Review: Harbor Lights

I did not expect a show about a lighthouse keeper to make me cry, and yet here we are.
The second half drags, but the ending lands every beat it set up in the first episode.
"""


def test_the_sites_own_name_before_review_is_not_the_anime() -> None:
    ex, _text = run(SITE_NAMED_HEADLINE)
    assert ex.subject == "Harbor Lights"


DATED_HEADLINE = """URL: https://www.example.com/entertainment/best-quiet-anime

date 2019-05-02 Kagerou

A lighthouse keeper spends one winter alone on a rock, and almost nothing happens, beautifully.
A slow anthology of small visits from the mainland, Kagerou is gentle and never in a hurry.
It is best watched slowly, an episode at a time, with the lights off.
"""


def test_a_date_glued_before_the_headline_is_not_part_of_the_name() -> None:
    ex, _text = run(DATED_HEADLINE)
    assert ex.subject == "Kagerou"


PREPOSITION_IN_SLUG = """URL: https://www.example.it/il-nuovo-episodio-di-harborlights-e-gia-il-migliore/

Il nuovo episodio di Harborlights ha debuttato ieri, e il ritmo lento della serie resta il suo punto di forza.
La regia è curata e la musica accompagna bene le scene più tranquille del faro.
"""


def test_a_slug_run_opening_with_a_preposition_is_not_a_name() -> None:
    ex, _text = run(PREPOSITION_IN_SLUG)
    assert ex.subject is not None and not ex.subject.casefold().startswith("di ")


REVIEW_UNDER_A_COPIED_FACTS_BOX = """URL: https://blog.example.org/blog/slice-of-life/harbor-lights-season-2-back-on-the-rock/

Harbor Lights Season 2: Back on the Rock. We are back with the keeper and her lighthouse, one more winter.

Synopsis Harbor Lights

The keeper spends a second winter on the rock, and this time a girl from the mainland comes to stay.

Type: TV
Episodes: 12
Status: Finished Airing
Aired: Jan 5, 2023, to Mar 30, 2023
Duration: 24 min. per ep.

Harbor Lights

Review Harbor Lights Season 2

I watched it week by week and it never once felt like a sequel made for the money.
The new girl gives the keeper someone to talk to, and the quiet scenes are better for it.
My only complaint is the music, which repeats the first season's themes too often.
"""


def test_a_heading_that_says_review_makes_a_blog_with_a_facts_box_a_review() -> None:
    ex, _text = run(REVIEW_UNDER_A_COPIED_FACTS_BOX)
    assert ex.kind == DocumentKind.REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"] is None or review.get("score") is None
    assert ex.subject is not None and "Harbor Lights Season 2" in ex.subject


MICRODATA_REVIEW = """<!doctype html><html><head><title>Pluto review - Anime Blog</title></head>
<body><article itemscope itemtype="https://schema.org/Review"><h1 itemprop="name">Pluto review</h1>
<div itemprop="itemReviewed" itemscope itemtype="https://schema.org/TVSeries">
<span itemprop="name">Pluto</span></div>
<span itemprop="author" itemscope itemtype="https://schema.org/Person">
<span itemprop="name">Kim Park</span></span>
<p itemprop="reviewBody">Studio M2's adaptation of Urasawa's manga is slow, serious and moving.
Every episode is a small film, and the last one is the best of them.</p>
<div itemprop="reviewRating" itemscope itemtype="https://schema.org/Rating">
<span itemprop="ratingValue">9</span>/<span itemprop="bestRating">10</span></div>
</article></body></html>"""


def test_a_review_read_from_the_text_and_stated_in_microdata_is_one_review() -> None:
    ex, text = run(MICRODATA_REVIEW, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)  # counted once in the consensus, not twice
    assert review["score"]["as_written"] == "9/10"
    assert review["author"] == "Kim Park"
    start, end = review["score"]["span"]
    assert text[start:end] == "9/10"


REVIEW_BOX = """<!doctype html><html><head><title>Chainsaw Man review | Site</title></head><body>
<article><h1>Chainsaw Man review</h1>
<p>MAPPA's adaptation is stylish, gory and funny, with a cinematic look that divides fans.</p>
<div class="review-total-box"><div class="review-total-score">8.5</div>
<div class="review-total-label">Great</div></div>
<div class="ipl-rating-star">7.7</div>
</article></body></html>"""


def test_a_review_plugins_score_box_is_the_reviews_score() -> None:
    ex, text = run(REVIEW_BOX, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["value"] == 8.5  # the box named for the review's score
    start, end = review["score"]["span"]
    assert text[start:end] == "8.5"


STAR_IMAGE = """<!doctype html><html><head><title>Blue Box review</title></head><body>
<h1>Blue Box review</h1>
<p>A sweet, slow sports romance that takes its time with every glance and every match.</p>
<p>Our rating: <img src="/img/stars-4.png" alt="4 out of 5 stars"></p>
<p><img src="/img/cast.jpg" alt="The cast of Blue Box"></p>
</body></html>"""


def test_a_star_images_alternative_text_is_read_as_its_rating() -> None:
    ex, text = run(STAR_IMAGE, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert (review["score"]["value"], review["score"]["scale_max"]) == (4.0, 5.0)
    assert "The cast of Blue Box" not in text  # only a rating's words are shown


SCORE_TABLE = """<!doctype html><html><head><title>Frieren Review</title></head><body>
<h1>Frieren Review</h1>
<p>A slow, thoughtful fantasy about grief and time that rewards patience with every episode.</p>
<table class="scores"><tr><th>Category</th><th>Score</th></tr>
<tr><td>Story</td><td>9/10</td></tr><tr><td>Animation</td><td>10/10</td></tr>
<tr><td>Sound</td><td>9/10</td></tr><tr><td><b>Overall</b></td><td><b>9.5/10</b></td></tr></table>
</body></html>"""


def test_a_table_of_aspect_scores_is_one_review_not_a_list_of_reviewers() -> None:
    ex, _text = run(SCORE_TABLE, "text/html")
    assert ex.kind == DocumentKind.REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)  # "Story" over "9/10" is a label, not an author
    assert review["score"]["as_written"] == "9.5/10"
    assert {k: a["value"] for k, a in review["aspects"].items()} == {
        "story": 9.0,
        "animation": 10.0,
        "sound": 9.0,
    }


TITLE_NAMES_IT = """<!doctype html><html><head>
<title>Dungeon Meshi review: a feast of a show | Otaku Den</title></head><body>
<h1>A feast of a show</h1>
<p>Trigger's adaptation of Ryoko Kui's manga is funny and warm, with the best food animation
I have ever seen in any anime, and a cast that is easy to love.</p>
<p>Score: 9/10</p></body></html>"""


def test_the_document_title_names_the_anime_a_tagline_heading_does_not() -> None:
    ex, _text = run(TITLE_NAMES_IT, "text/html")
    assert ex.kind == DocumentKind.REVIEW
    assert ex.subject == "Dungeon Meshi"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9/10"


EPISODE_AND_SERIES = """<html><head><title>Frieren Episode 5 Review - AnimeBlog</title></head><body>
<nav><a href="/">Home</a> <a href="/reviews">Reviews</a></nav>
<article><h1>Frieren: Beyond Journey's End Episode 5 Review</h1>
<p class="byline">By Jane Doe · October 6, 2023</p>
<p>This week's episode slows down to let the characters breathe. The animation from Madhouse
remains superb, and the score carries the quiet scenes.</p>
<p>Series so far: 9.5/10</p><p>Episode: 9/10</p>
</article></body></html>"""


def test_an_episode_review_takes_the_episodes_score_not_the_series_so_far() -> None:
    ex, _text = run(EPISODE_AND_SERIES, "text/html")
    assert ex.kind == DocumentKind.EPISODE_REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["episode"] == 5
    assert review["score"]["as_written"] == "9/10"
    assert review["author"] == "Jane Doe"  # "By Jane Doe · October 6, 2023"
    assert review["date"] == "2023-10-06"


REVIEWS_ARE_IN = """<html><head><title>Chainsaw Man The Movie: Reze Arc reviews are in - AnimeNewsDaily</title></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Chainsaw Man – The Movie: Reze Arc reviews are in, and critics love it</h1>
<p class="byline">By Tom Baker · September 20, 2025</p>
<p>The first reviews for MAPPA's Chainsaw Man – The Movie: Reze Arc arrived this week ahead of its North American release on October 24.</p>
<p>IGN gave the film a 9/10, calling it "a gorgeous, violent love story", while Polygon praised its action.</p>
<p>The film currently holds a 97% score on Rotten Tomatoes from 35 critics. It opened at number one at the Japanese box office, earning 1.6 billion yen in its first week.</p>
<p>Crunchyroll and Sony Pictures will release the film in theaters worldwide.</p>
</article><aside><h3>Trending</h3><ul><li>Dandadan Season 2 episode 3 review</li></ul></aside></body></html>"""


def test_a_headline_reporting_others_reviews_is_news_with_no_score_of_its_own() -> None:
    ex, _text = run(REVIEWS_ARE_IN, "text/html")
    assert ex.kind == DocumentKind.NEWS  # "X reviews are in": about reviews, not one
    assert ex.subject == "Chainsaw Man – The Movie: Reze Arc"
    assert of_kind(ex, ClaimKind.REVIEW) == []  # IGN's 9/10 and the 97% are others'


def _scores_by_anime(ex: Extraction) -> dict[str, str | None]:
    return {
        c.subject or "": (c.data["score"] or {}).get("as_written")
        for c in ex.claims
        if c.kind == ClaimKind.REVIEW
    }


SCORE_FIRST_ROUNDUP = """Fall 2024 First Impressions, Part 1
By Lena Hart · October 8, 2024

Part one of my fall season coverage. Scores are out of 10 and cover the first episode only.

9/10 — Dandadan
Science SARU's premiere is the most energetic first episode I've seen in years, with instant chemistry.

7/10 — Blue Box
A gentle sports romance that looks great and takes its time getting anywhere at all.

6/10 — Re:Zero Season 3
The 90-minute premiere ends on an all-timer of a twist, but the first hour is padding.

4/10 — Loner Life in Another World
Isekai by numbers, with nothing in it that a hundred other shows have not already done.
"""


def test_a_roundup_sorted_by_score_is_not_a_rating_scale_legend() -> None:
    ex, _text = run(SCORE_FIRST_ROUNDUP)
    assert ex.kind == DocumentKind.MULTI_REVIEW  # the rungs' words are names, not meanings
    assert _scores_by_anime(ex) == {
        "Dandadan": "9/10",
        "Blue Box": "7/10",
        "Re:Zero Season 3": "6/10",
        "Loner Life in Another World": "4/10",
    }


LEGEND = (
    SCORE_FIRST_ROUNDUP.replace("— Dandadan", "— Masterpiece")
    .replace("— Blue Box", "— Good")
    .replace("— Re:Zero Season 3", "— Decent")
    .replace("— Loner Life in Another World", "— Bad")
)


def test_a_legend_whose_rungs_say_what_a_score_means_is_still_a_legend() -> None:
    ex, _text = run(LEGEND.replace("Fall 2024 First Impressions, Part 1", "How I score"))
    assert _scores_by_anime(ex) == {}


THREE_EPISODE_RULE = """<html><body><article><h1>Winter 2024 – The Three-Episode Rule</h1>
<p>Par Camille Laurent, le 29 janvier 2024</p>
<p>Three episodes in, here is what I am keeping and what I am dropping from my winter list this season.</p>
<h3>Delicious in Dungeon (8/10) – Continue</h3>
<p>Trigger's food fantasy is funny and warm, and the monster cooking never gets old at all.</p>
<h3>Metallic Rouge (5/10) – Drop</h3>
<p>Bones' android noir looks expensive, but I could not tell you what happened in episode three.</p>
</article><section><h3>1 Comments</h3><p>Rin</p><p>Jan 29</p>
<p>No love for Sengoku Youko? That's a 9/10 for me, easily the best of the season.</p>
<h3>Leave a Reply</h3></section></body></html>"""


def test_a_roundups_watch_decisions_bylines_and_comments_are_not_entries() -> None:
    ex, _text = run(THREE_EPISODE_RULE, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {"Delicious in Dungeon": "8/10", "Metallic Rouge": "5/10"}


MINI_REVIEWS = """Mini Reviews: Summer 2023 Leftovers
A few shows I finished this summer that didn't get a full review. Quick thoughts and star ratings below.

Zom 100: Bucket List of the Dead
Bug Films' neon zombie comedy is infectious fun, even with the episode delays that plagued it.
Rating: ★★★★☆

My Happy Marriage
A slow-burn Taisho romance with gorgeous lighting, though Kiyoka is a bit stiff at times.
Rating: ★★★½☆
"""


def test_mini_reviews_of_a_season_are_a_roundup() -> None:
    ex, _text = run(MINI_REVIEWS)
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Zom 100: Bucket List of the Dead": "★★★★☆",
        "My Happy Marriage": "★★★½☆",
    }


BLOGGER_POST = """<html><head><title>Lost in Anime: Sousou no Frieren - 21</title></head><body>
<div class="header"><h1 class="title">Lost in Anime</h1><p class="description">Anime blog</p></div>
<div class="blog-posts"><h2 class="date-header">Friday, March 1, 2024</h2>
<div class="post"><h3 class="post-title entry-title">Sousou no Frieren - 21</h3>
<p>Episode 21 brings the first stage of the mage exam to a close, and Madhouse keeps finding
new ways to make a quiet conversation feel like a fight between two people who respect each other.</p>
<p>Fern and Frieren get very little screen time here, which is a risk this late, and it works.</p>
</div></div><div class="blog-pager">Newer Post Home Older Post</div></body></html>"""


def test_the_markup_names_a_posts_headline_under_the_blogs_name() -> None:
    ex, _text = run(BLOGGER_POST, "text/html")
    assert ex.kind == DocumentKind.EPISODE_REVIEW
    assert ex.subject == "Sousou no Frieren"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["episode"] == 21


FORUM_POST = """<html><head>
<title>[Review] Vinland Saga Season 2 is a quiet masterpiece (9/10) : r/anime</title></head><body>
<div class="sidebar"><h2>r/anime</h2><p>2m members · 4.1k online</p></div>
<div class="thread"><h1>[Review] Vinland Saga Season 2 is a quiet masterpiece (9/10)</h1>
<p>Posted by u/thorfinn_fan · 4k</p>
<p>Season 2 trades the Viking battles of the first season for a farm, and it is better for it:
the story of a man learning to live with what he did is told with real patience.</p>
<p>1.2K 23</p>
<p>Not every episode lands, but the last third of the season is as good as anime gets.</p>
</div></body></html>"""


def test_a_thread_title_under_a_sidebar_and_counts_that_are_no_entries() -> None:
    ex, _text = run(FORUM_POST, "text/html")
    assert ex.kind == DocumentKind.REVIEW  # the <title> names the h1 the headline
    assert ex.subject == "Vinland Saga Season 2"  # "is a quiet masterpiece" says of it
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9/10"


EPISODE_IMPRESSIONS = """Bocchi the Rock! Episode 8 Impressions

by tsuchinoko_blog | December 1, 2022

Episode 8 is the big one: Kessoku Band's first live show at STARRY, in a typhoon, to an
audience of about ten people, two of whom are Bocchi's fans from the street performance.

This is the best episode of the series so far and the best single episode of the
Fall 2022 season. Ten out of ten. No notes.

Previously: Episode 7 (8/10) | Next: Episode 9
"""


def test_a_score_that_is_a_sentence_of_its_own_and_a_link_to_the_previous_episode() -> None:
    ex, _text = run(EPISODE_IMPRESSIONS)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["episode"] == 8
    assert review["score"]["as_written"] == "Ten out of ten"  # not episode 7's 8/10


SCORE_SO_FAR = """Fall 2024, Week 3: Dandadan, Re:Zero, and Orb

Scores are out of 10 and are where each show stands so far this season, not final verdicts.

Dandadan
Science SARU keeps topping itself; this week's episode is the best yet, loud and sweet at once.
Score so far: 9

Orb: On the Movements of the Earth
Madhouse's history drama is talky and slow, and I mean that as a compliment every single week.
Score so far: 8
"""


def test_score_so_far_is_a_score_label() -> None:
    ex, _text = run(SCORE_SO_FAR)
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {"Dandadan": "9", "Orb: On the Movements of the Earth": "8"}


TIER_HEADINGS = """<html><body><article><h1>Summer 2024 Tier List</h1>
<p>Here is where every show I finished this summer lands, from the ones to watch now to the
ones to skip entirely.</p>
<h2>S Tier</h2><h3>Oshi no Ko Season 2</h3><p>The stage play arc is the best thing it has done.</p>
<h3>Makeine</h3><p>A comedy with a heart, and the funniest show of the year by a distance.</p>
<h2>C Tier</h2><h3>Tower of God Season 2</h3><p>A new studio, and it shows in every fight.</p>
</article></body></html>"""


def test_a_tier_lists_headings_grade_every_anime_under_them() -> None:
    ex, _text = run(TIER_HEADINGS, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Oshi no Ko Season 2": "S",
        "Makeine": "S",
        "Tower of God Season 2": "C",
    }


RANKED_LIST = """<html><body><article><h1>Ranking Every Winter 2024 Anime I Watched</h1>
<p class="byline">April 1, 2024 by Tomás</p>
<p>From best to worst, with my final scores after finishing each show.</p>
<ol><li><b>Delicious in Dungeon</b> — Trigger's best work in years. 9/10</li>
<li><b>The Apothecary Diaries</b> (cour 2) — The Maomao show keeps delivering. 9/10</li>
<li><b>Frieren: Beyond Journey's End</b> — The exam arc is a triumph. 9/10</li>
<li><b>Solo Leveling</b> — Stylish but hollow. 6/10</li></ol>
<p>Honorable mention to Sengoku Youko, which I'm still watching.</p></article></body></html>"""


def test_a_ranked_list_of_one_line_verdicts_rates_each_anime() -> None:
    ex, _text = run(RANKED_LIST, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Delicious in Dungeon": "9/10",
        "The Apothecary Diaries": "9/10",
        "Frieren: Beyond Journey's End": "9/10",
        "Solo Leveling": "6/10",
    }


SCORE_BOX = """<html><head><title>Chainsaw Man Season 1 Review - GameHub</title></head><body>
<article><h1>Chainsaw Man Season 1 Review</h1><p>By Sam Reed · Updated: Dec 28, 2022</p>
<div class="review-score-box"><figure class="score"><div class="score-number">8</div>
<figcaption class="score-text">Great</figcaption></figure></div>
<p>MAPPA's adaptation of Tatsuki Fujimoto's manga is a violent, funny and often sad show that
looks like a film, even when its middle episodes take their time getting anywhere.</p>
</article><aside><h3>Latest Reviews</h3><ul><li><a>Kaiju No. 8 Season 1 Review</a>
<span class="score-badge">7</span></li></ul></aside></body></html>"""


def test_a_score_boxs_number_is_the_reviews_score_a_sidebars_badge_is_not() -> None:
    ex, _text = run(SCORE_BOX, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)  # the box's figure is named for the score
    assert review["score"]["value"] == 8.0


DIARY_ENTRY = """<html><body><article><h1>Spirited Away</h1>
<p>Watched by Daniel · 12 Mar 2024</p><p class="rating">★★★★★</p>
<p>Every rewatch finds something new: this time the train to Swamp Bottom, which says more
about growing up than most whole films manage to, without a single word of dialogue.</p>
<p>Chihiro's parents remain the scariest thing Miyazaki ever drew, and I love them for it.</p>
<h3>Daniel's recent activity</h3><ul><li>Princess Mononoke ★★★★½</li><li>Ponyo ★★★½</li>
<li>The Wind Rises ★★★★</li></ul></article></body></html>"""


def test_a_diarys_recent_activity_is_no_roundup_of_other_films() -> None:
    ex, _text = run(DIARY_ENTRY, "text/html")
    assert ex.kind == DocumentKind.REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "★★★★★"


CRITICS_ROUNDUP = """Frieren Season 2 Premiere: What Critics Are Saying
By Ellie Shaw, January 17, 2026

The second season of Frieren: Beyond Journey's End premiered on Friday. Here's a roundup of what critics are saying.
IGN: "A triumphant return." — 9/10
Anime News Network: "Quietly confident." — A-
Polygon praised the new director's subtle touch without giving a score.
CBR: 4.5/5
"""


def test_news_of_what_critics_say_takes_none_of_their_scores() -> None:
    ex, _text = run(CRITICS_ROUNDUP)
    assert ex.kind == DocumentKind.NEWS
    assert of_kind(ex, ClaimKind.REVIEW) == []


STAR_LEGEND = """<html><body><article><h1>How We Rate Anime: Our Star Ratings Explained</h1>
<p>Last updated January 2024</p><p>Our reviews use a five-star rating. Half stars are allowed.</p>
<h3>★★★★★ — Essential</h3><p>A must-watch. Shows like Vinland Saga Season 2 earned this.</p>
<h3>★★★★☆ — Recommended</h3><p>Great, with minor issues.</p>
<h3>★★★☆☆ — Decent</h3><p>Worth a look for fans of the genre.</p>
<h3>★★☆☆☆ — Disappointing</h3><p>Significant problems.</p>
<h3>★☆☆☆☆ — Avoid</h3><p>Not worth your time.</p></article></body></html>"""


def test_a_star_legend_of_one_word_meanings_is_a_rating_scale() -> None:
    ex, _text = run(STAR_LEGEND, "text/html")
    assert ex.kind == DocumentKind.RATING_SCALE
    assert of_kind(ex, ClaimKind.REVIEW) == []


def test_a_watch_decision_with_a_note_is_no_part_of_the_name() -> None:
    ex, _text = run(
        THREE_EPISODE_RULE.replace("(5/10) – Drop", "— 5/10 — Keep (for now)"), "text/html"
    )
    assert _scores_by_anime(ex) == {"Delicious in Dungeon": "8/10", "Metallic Rouge": "5/10"}


FRENCH_SCALE = """Notre barème de notation
Toutes nos critiques sont notées sur 20. Voici comment interpréter nos notes :
18-20 : Chef-d'œuvre, un incontournable de l'animation japonaise.
15-17 : Excellent, à voir absolument.
12-14 : Bon, quelques défauts.
9-11 : Moyen.
"""


def test_a_scale_page_in_french_is_a_rating_scale_not_nothing() -> None:
    ex, _text = run(FRENCH_SCALE)
    assert ex.kind == DocumentKind.RATING_SCALE


def test_a_question_broken_across_lines_is_no_entry_name() -> None:
    from kansou.extract.general.entries import entry_name

    assert entry_name("How would you rate episode 12 of") is None  # a rating widget's
    assert entry_name("What did you think of") is None
    found = entry_name("How Not to Summon a Demon Lord")  # a title goes on in capitals
    assert found is not None and found.name == "How Not to Summon a Demon Lord"


def test_a_release_year_after_the_name_is_no_part_of_it() -> None:
    page = """<html><head><title>{t} | Film Blog</title></head><body><article>
<h1 class="entry-title">{t}</h1><p>By Tom Hill</p>
<p>Chihiro wanders into a world of spirits. The animation is breathtaking throughout.</p>
<p>Rating: 5/5</p></article></body></html>"""
    ex, _text = run(page.format(t="Spirited Away 2001"), "text/html")
    assert ex.subject == "Spirited Away"
    ex, _text = run(page.format(t="Spirited Away (2001) Review"), "text/html")
    assert ex.subject == "Spirited Away (2001)"  # as catalogs tell a remake by its year
    ex, _text = run(page.format(t="Bubblegum Crisis Tokyo 2040"), "text/html")
    assert ex.subject == "Bubblegum Crisis Tokyo 2040"  # a future year is the name's own


ROUNDUP_TABLE = """<html><head><title>Fall 2024 Anime Season Review: My Scores | Otaku Notes</title>
</head><body><nav><a href="/">Home</a></nav><article>
<h1 class="entry-title">Fall 2024 Anime Season Review: My Scores</h1><p>By Kai</p>
<p>Another season is over. Here is everything I finished this fall, with my final score.</p>
<table><thead><tr><th>Title</th><th>Studio</th><th>Episodes</th><th>My Score</th></tr></thead>
<tbody><tr><td>Dandadan</td><td>Science SARU</td><td>12</td><td>9/10</td></tr>
<tr><td>Re:Zero Season 3</td><td>White Fox</td><td>16</td><td>8/10</td></tr>
<tr><td>Blue Lock Season 2</td><td>Eight Bit</td><td>14</td><td>4/10</td></tr></tbody></table>
<p>Dandadan was the surprise of the year for me, while Blue Lock fell apart.</p>
</article></body></html>"""


def test_a_roundup_in_a_table_gives_each_row_its_own_score() -> None:
    ex, _text = run(ROUNDUP_TABLE, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Dandadan": "9/10",
        "Re:Zero Season 3": "8/10",
        "Blue Lock Season 2": "4/10",
    }
    assert all(r["author"] != "12" for r in of_kind(ex, ClaimKind.REVIEW))  # a count, no one


SUB_SCORE_TABLE = """<html><head><title>Top 3 Anime of 2023, Ranked</title></head><body><article>
<h1>Top 3 Anime of 2023, Ranked</h1><p>My personal ranking of the year, with sub-scores.</p>
<table><tr><th>#</th><th>Anime</th><th>Story</th><th>Animation</th><th>Music</th><th>Overall</th></tr>
<tr><td>1</td><td><a href="/frieren">Frieren</a></td><td>9</td><td>10</td><td>9</td><td>9.5</td></tr>
<tr><td>2</td><td>Oshi no Ko</td><td>8</td><td>9</td><td>10</td><td>8.5</td></tr>
<tr><td>3</td><td>Zom 100</td><td>6</td><td>8</td><td>7</td><td>7</td></tr>
</table></article></body></html>"""


def test_a_tables_column_headers_label_its_bare_numbers() -> None:
    ex, _text = run(SUB_SCORE_TABLE, "text/html")
    by_name = {c.subject: c.data for c in ex.claims if c.kind == ClaimKind.REVIEW and c.subject}
    assert set(by_name) == {"Frieren", "Oshi no Ko", "Zom 100"}
    frieren = by_name["Frieren"]
    assert frieren["score"]["as_written"] == "9.5"
    aspects = {k: v["as_written"] for k, v in frieren["aspects"].items()}
    assert aspects == {"story": "9", "animation": "10", "sound": "9"}  # the rank 1 is none


LIST_WITH_SIDEBAR = """<html><head><title>Summer 2024 Anime Roundup</title></head><body>
<main id="main"><article><h1 class="entry-title">Summer 2024 Anime Roundup</h1>
<div class="entry-content"><p>Here are my final thoughts on the summer 2024 shows I finished.</p><ol>
<li><strong>Oshi no Ko Season 2</strong> – 9/10 – the stage play arc is a masterclass in adaptation.</li>
<li><strong>Alya Sometimes Hides Her Feelings in Russian</strong> – 6/10 – cute but repetitive.</li>
<li><strong>Makeine: Too Many Losing Heroines!</strong> – 8/10 – funnier than it has any right to be.</li>
<li><strong>Tower of God Season 2</strong> – 4/10 – a mess from start to finish.</li>
</ol></div></article>
<aside class="widget-area"><h2>Popular Posts</h2><ul>
<li><a href="/solo-leveling-review/">Solo Leveling Review – 7/10</a></li>
<li><a href="/jjk-s2/">Jujutsu Kaisen Season 2 – 9/10</a></li></ul></aside>
</main></body></html>"""


def test_a_list_of_name_score_verdict_lines_scores_each_anime_and_skips_the_sidebar() -> None:
    ex, _text = run(LIST_WITH_SIDEBAR, "text/html")
    assert _scores_by_anime(ex) == {
        "Oshi no Ko Season 2": "9/10",  # the score right after its name, prose or not
        "Alya Sometimes Hides Her Feelings in Russian": "6/10",
        "Makeine: Too Many Losing Heroines!": "8/10",
        "Tower of God Season 2": "4/10",
    }  # the theme's sidebar inside <main> holds other posts' scores, not this page's


GAME_REVIEW = """<html><head><title>Elden Ring: Shadow of the Erdtree Review</title></head><body>
<article><h1>Elden Ring: Shadow of the Erdtree Review</h1><p>By Owen Blake</p>
<p>FromSoftware's expansion is enormous, brutal and often breathtaking, and its bosses are
some of the hardest the studio has designed. The final fight divides players on PS5 and PC.</p>
<p>The Verdict: a towering DLC that rivals the base game.</p><p>Score: 9/10</p>
</article></body></html>"""

KDRAMA_REVIEW = """Queen of Tears Review: A K-Drama That Earns Its Tears
by Soo-ah Lim

tvN's 16-episode romance stars Kim Soo-hyun and Kim Ji-won as a married couple on the verge
of divorce. The family plotline sags in the middle, but the leads' chemistry carries it.

My rating: 8.5/10
"""

ANIME_WITH_LIVE_ACTION = """Cowboy Bebop Review

The anime's jazz and its loose episodes still hold up, whatever the live-action remake did.
Spike and Faye are drawn with more care than any sequel managed.

Score: 9/10
"""


def _rejection(text: str, media_type: str) -> str:
    """Why the pipeline rejects the page (an AssertionError when it stores it)."""
    from kansou.errors import DocumentRejected
    from kansou.pipeline import process

    try:
        process(Document("page", text.encode(), media_type))
    except DocumentRejected as rejected:
        return str(rejected)
    raise AssertionError(f"stored: {text[:40]!r}")


def test_a_review_of_a_game_or_a_drama_is_about_no_anime_and_says_so() -> None:
    for text, media_type, word in (
        (GAME_REVIEW, "text/html", "dlc"),
        (KDRAMA_REVIEW, "text/plain", "k-drama"),
    ):
        reason = _rejection(text, media_type)
        assert "not about anime" in reason and word in reason, reason
    ex, _ = run(ANIME_WITH_LIVE_ACTION)  # names anime: a live-action remake mentioned is no matter
    assert ex.kind == DocumentKind.REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["normalized"] == 90.0


LIVE_ACTION_REVIEW = """One Piece (Netflix) Season 1 Review: The Live-Action Curse Is Broken
By Aaron Beale

Nobody expected this to work after Cowboy Bebop's series was cancelled, but Iñaki Godoy's Luffy
is sincere and goofy, and the eight episodes cover the East Blue saga faster than the anime did.

Rating: 3.5/5
"""

GAME_NAMING_THE_ANIME = """Dragon Ball: Sparking! Zero Review
By Noah Grant

Reviews › PS5
The first Budokai Tenkaichi game in fifteen years delivers 182 fighters, and its episode battles
recreate key fights from the anime. On PS5 it runs smoothly; the Xbox version drops frames.

Score: 8/10
"""

MANGA_VOLUME_REVIEW = """Chainsaw Man Volume 12 Manga Review
By Rei Okada

Fujimoto opens the second part with Asa Mitaka, and the change of tone is plain from the first
chapter: fewer explosions, more teenage awkwardness. The translation reads well.

Score: 8/10
"""

LIGHT_NOVEL_REVIEW = """Reseña manga: Frieren tomo 9

La edición española mantiene el tamaño tankōbon y una traducción cuidada; el capítulo del
examen de magos es de lo mejor de la serie.

Nota: 8/10
"""

BLU_RAY_VOLUME_REVIEW = """Frieren Blu-ray Volume 2 Review

The second volume collects episodes 7 to 12, and Madhouse's picture holds up on a big screen;
the extras are thin, but the show itself is as quiet and lovely as it was on broadcast.

Score: 9/10
"""

GAME_IN_JSON_LD = """<html><head><title>Persona 3 Reload review</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Review",
"itemReviewed": {"@type": "VideoGame", "name": "Persona 3 Reload"},
"reviewRating": {"@type": "Rating", "ratingValue": 9, "bestRating": 10}}</script></head>
<body><article><h1>Persona 3 Reload Review - Still the Midnight Hour</h1>
<p>The anime cutscenes are redrawn and the dungeon is less of a slog than it was in 2006, and
the social links still carry the story to its famous ending.</p><p>Score: 9/10</p>
</article></body></html>"""


def test_a_review_of_a_manga_volume_or_a_game_its_markup_names_is_about_no_anime() -> None:
    """The headline names what it reviews as print ("Manga Review", "Reseña manga", "tomo 9"),
    or the page's schema.org data reviews a VideoGame: not stored, and the reason says why,
    though the page writes anime words. A Blu-ray volume of an anime is the anime."""
    for text, media_type, word in (
        (LIVE_ACTION_REVIEW, "text/plain", "live-action"),
        (GAME_NAMING_THE_ANIME, "text/plain", "ps5"),
        (MANGA_VOLUME_REVIEW, "text/plain", "volume 12"),
        (LIGHT_NOVEL_REVIEW, "text/plain", "reseña manga"),
        (GAME_IN_JSON_LD, "text/html", "VideoGame"),
    ):
        reason = _rejection(text, media_type)
        assert "not about anime" in reason and word in reason, reason
    ex, _ = run(BLU_RAY_VOLUME_REVIEW)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["normalized"] == 90.0


OLD_REDDIT_POST = """<html><head><title>Finished Vinland Saga Season 2 — my review : r/anime</title></head>
<body><div class="side"><h1 class="redditname"><a href="/r/anime/">anime</a></h1>
<p>Weekly threads: Season 3 rankings, top 10 of the week.</p></div>
<div class="content"><p class="title"><a class="title">Finished Vinland Saga Season 2 — my review</a>
<span class="linkflairlabel">Review</span></p>
<p class="tagline">submitted 1 year ago by <a class="author">thorfinn_reads</a></p>
<form class="usertext"><input type="hidden" name="thing_id" value="t3_1a"><div class="md">
<p>The farm arc is a story about what happens after revenge, and Einar's friendship is its core.</p>
<p>It sits at 8.8 on MAL, which undersells it.</p><p>Overall: 9/10</p></div></form></div>
</body></html>"""


def test_an_old_reddit_post_is_read_from_its_title_line_and_its_form_wrapped_body() -> None:
    """The post title is a line that opens with the <title>'s headline (its flair after it),
    not the sidebar's subreddit heading; "Finished X — my review" names X; the body inside
    old Reddit's form is the review."""
    ex, _ = run(OLD_REDDIT_POST, "text/html")
    assert ex.subject == "Vinland Saga Season 2"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9/10"


EPISODE_WITH_COMMENTS = """<html><head><title>Dandadan – 07</title></head><body>
<article><h1 class="entry-title">Dandadan – 07</h1><p>By Mika</p>
<p>This week slows down for Turbo Granny's backstory, and the quiet pays off: the flashback is
drawn with real care, and the ending song over the last scene lands hard.</p>
<p>Science SARU keeps finding new ways to stage a fight, and next week's cliffhanger is mean.</p>
</article>
<div id="comments" class="comments-area"><h2>2 thoughts</h2><ol class="comment-list">
<li class="comment"><span class="comment-author">Zeta</span><p>Episode of the year. 10/10</p></li>
<li class="comment"><p>The ED after this episode, man. Is episode 8 the last before the break?</p></li>
</ol></div></body></html>"""


def test_readers_comments_under_a_post_are_not_the_posts_score_or_words() -> None:
    """A thread of readers' comments (WordPress' "comments-area", "comment-list") is kept in
    the text but never read: a commenter's 10/10 is not the episode review's score."""
    ex, text = run(EPISODE_WITH_COMMENTS, "text/html")
    assert ex.kind == DocumentKind.EPISODE_REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["status"] == "unscored"
    assert "Episode of the year. 10/10" in text  # nothing is lost


ROUNDUP_WITH_A_FRACTION_IN_A_NAME = """<html><body><article>
<h1>Fall 2024 Season Wrap-Up: Three Shows Reviewed</h1>
<h2>Orb: On the Movements of the Earth</h2>
<p>A story about heliocentrism that treats ideas as something worth dying for, and means it.</p>
<p>Score: 85%</p>
<h2>Ranma 1/2 (2024)</h2>
<p>MAPPA's remake keeps the slapstick timing of the original and adds a lot more polish.</p>
<p>Score: 7.5 out of 10</p>
<h2>Blue Box</h2>
<p>A gentle sports romance that never rushes its leads, and it is better for it.</p>
<p>Grade: B+</p>
</article></body></html>"""

SCORE_IN_A_SENTENCE = """Spy x Family Season 2 Review

The second season is gentler than the first, with fewer missions and more family dinners,
and Anya carries most episodes. All told, I'd put it at a 7 out of 10 for me.
"""


def test_a_name_holding_a_half_heads_its_section_and_a_put_it_at_verdict_is_a_score() -> None:
    """ "Ranma 1/2" is a name, not a date, so its section keeps its own score; "I'd put it
    at a 7 out of 10" is the writer's verdict in a sentence."""
    ex, _ = run(ROUNDUP_WITH_A_FRACTION_IN_A_NAME, "text/html")
    assert _scores_by_anime(ex) == {
        "Orb: On the Movements of the Earth": "85%",
        "Ranma 1/2": "7.5 out of 10",
        "Blue Box": "B+",
    }
    ex, _ = run(SCORE_IN_A_SENTENCE)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["normalized"] == 70.0


REVIEW_BOX_TOTAL = """<html><body><article><h1>Frieren: Beyond Journey's End Review</h1>
<p>A slow, generous fantasy about what remains after the adventure, and the best of its year.</p>
<div class="review-wrapper"><h5>Review Overview</h5><ul class="review-list">
<li><span>Story</span> <span class="review-point">9/10</span></li>
<li><span>Animation</span> <span class="review-point">10/10</span></li>
<li><span>Music</span> <span class="review-point">9/10</span></li></ul>
<div class="review-total-wrapper"><span class="review-total-box">9.3</span>
<span class="review-total-star">Overall</span></div></div></article></body></html>"""


def test_a_total_with_no_maximum_is_on_the_scale_its_sub_scores_state() -> None:
    """A review box's total "9.3" beside "Story 9/10", "Music 9/10" is out of 10: the scale
    the page uses elsewhere."""
    ex, _ = run(REVIEW_BOX_TOTAL, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9.3"
    assert review["score"]["normalized"] == 93.0
    assert review["aspects"]["story"]["normalized"] == 90.0


DIARY_REVIEW = """<html><head><title>Perfect Blue (1997) review by kaoru</title></head><body>
<div id="header"><a href="/">FilmDiary</a></div><div class="col-main">
<section class="review body-text"><header class="film-title-wrapper">
<a href="/kaoru/">Review by kaoru</a><h2><a href="/film/perfect-blue/">Perfect Blue</a> 1997</h2>
<p class="view-date"><span class="rating">★★★★★</span> Watched 14 Oct 2023</p></header>
<div class="review-body"><p>Satoshi Kon's first feature is still the scariest thing he made, and
Madhouse's grimy animation makes the violence land hard. The editing is the star.</p></div>
</section><section class="film-stats"><ul><li>Average rating 4.3</li><li>Watched by 412K</li>
<li>Lists: 88K</li></ul></section></div></body></html>"""


def test_a_diary_review_keeps_its_section_header_and_not_the_sites_average() -> None:
    """A <header> inside a <section> heads the review (its title and stars); "Review by kaoru"
    is a byline, not the headline; the site's "Average rating 4.3" and its counts ("Watched
    by 412K") are neither the review's score nor anime."""
    ex, _ = run(DIARY_REVIEW, "text/html")
    assert ex.kind == DocumentKind.REVIEW
    assert ex.subject == "Perfect Blue"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "★★★★★"


BOX_OFFICE_NEWS = """Demon Slayer: Infinity Castle Film Earns ¥10 Billion in Record 25 Days
By Ken Sato

The first film of the Infinity Castle trilogy has passed ¥10 billion at the Japanese box office
in 25 days, the fastest any film has reached the mark, Aniplex announced on Monday.

Infinity Castle opened in 448 theaters and sold 3.8 million tickets in its first weekend.
Demon Slayer's previous film, Mugen Train, took 24 days to pass ¥10 billion in 2020.
"""


def test_a_news_headline_keeps_the_franchise_before_the_part_the_body_repeats() -> None:
    """ "Demon Slayer: Infinity Castle Film Earns...": the body repeats "Infinity Castle" and
    names "Demon Slayer" too, so the subject is the whole name, not its subtitle."""
    ex, _ = run(BOX_OFFICE_NEWS)
    assert ex.kind == DocumentKind.NEWS
    assert ex.subject == "Demon Slayer: Infinity Castle"


VIDEO_DESCRIPTION = """<html><head><title>Blue Eye Samurai is the Best Animated Show of 2023
(Review) - VideoSite</title></head><body><div id="primary"><h1>Blue Eye Samurai is the Best
Animated Show of 2023 (Review)</h1><div id="owner"><a href="/@ink">Ink &amp; Steel Reviews</a>
</div><div id="description"><span>Blue Eye Samurai on Netflix is a revenge story set in
Edo-period Japan, and one of the most beautiful animated series I have ever seen.<br><br>
Mizu is a mixed-race swordswoman hunting the four men who might be her father, and over 8
episodes the show builds her into one of the great animated protagonists.<br><br>
My score: 9/10<br><br>Support the channel on Patreon: patreon.com/inkandsteel<br>
#BlueEyeSamurai #Netflix #AnimationReview</span></div></div><div id="secondary">
<span id="video-title">Top 10 Anime Fights of 2023</span><span>1.2M views</span>
<span id="video-title">Arcane Season 2 Review - 10/10?</span></div></body></html>"""


def test_a_video_descriptions_links_and_hashtags_are_no_anime_of_a_roundup() -> None:
    """A line with a web address or made of hashtags is a video's furniture, not the name
    of a second anime: the page is one review with its score."""
    ex, _ = run(VIDEO_DESCRIPTION, "text/html")
    assert ex.kind == DocumentKind.REVIEW
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9/10"


PRAISE_HEADLINE_WITH_SECTIONS = """URL: https://someblog.example/blog/urusei-yatsura-2022-is-amazing

Urusei Yatsura (2022) Is Amazing
As a newer fan, I went into this remake knowing nothing of the original, and it won me over from the first episode.
David Production
The studio behind the remake deserves flowers: every episode is drawn with care, and the comedy timing is sharp.
The voice cast
The voice cast is incredible, and Lum's voice carries both the sweet and the electric moments of the show.
"""


def test_a_praise_headline_names_its_anime_before_is_and_a_studio_heading_is_no_anime() -> None:
    """ "X Is Amazing" (and its slug "x-is-amazing") names X; a section headed by the anime's
    studio ("David Production") is part of the one review, not a second anime."""
    ex, _ = run(PRAISE_HEADLINE_WITH_SECTIONS)
    assert ex.kind == DocumentKind.REVIEW
    assert ex.subject == "Urusei Yatsura (2022)"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["status"] == "unscored"


MENU_OVER_A_REVIEW = """URL: https://shonenscreen.example/reviews/the-eminence-in-shadow-episode-3

Reviews | Seasonal | Light Novels
The Eminence in Shadow Episode 3: I Am Atomic (Not Yet)
by Jess Ambrose | October 20, 2022

Cid keeps playing the mastermind for an audience that does not exist, and the joke still works because the show commits to it completely.

Score: 7/10
"""


def test_a_crawled_menu_line_is_never_the_headline() -> None:
    """ "Reviews | Seasonal | Light Novels" is the site's menu flattened into a line: the
    headline is the episode's title below it."""
    ex, _ = run(MENU_OVER_A_REVIEW)
    assert ex.kind == DocumentKind.EPISODE_REVIEW
    assert ex.subject == "The Eminence in Shadow"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["episode"] == 3


ONE_LINE_ROUNDUP = """URL: https://littlereviews.example/summer-2024-one-line-reviews

little reviews
Summer 2024 in one line each
by Mina Cho — 2024-10-01
Short takes on every anime I finished this summer.
9/10 — Makeine: Too Many Losing Heroines! — Anna Yanami is the heroine of the year.
7/10 — Oshi no Ko Season 2 — The stage play arc is smart but slow.
6/10 — Alya Sometimes Hides Her Feelings in Russian — Cute, but the gimmick wears thin.
4/10 — Tower of God Season 2 — A huge step down in production.
"""


def test_one_line_entries_that_open_with_their_score_are_a_roundup_not_a_legend() -> None:
    """ "9/10 — Name — sentence" lines sorted by score are four reviews (a legend's rungs say
    what a score means, these name shows); the site's banner "little reviews" on
    littlereviews.example is not the headline."""
    ex, _ = run(ONE_LINE_ROUNDUP)
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Makeine: Too Many Losing Heroines!": "9/10",
        "Oshi no Ko Season 2": "7/10",
        "Alya Sometimes Hides Her Feelings in Russian": "6/10",
        "Tower of God Season 2": "4/10",
    }


HYPOTHETICAL_THEN_REAL = """Suzume review

Shinkai's road movie is his most personal film, and the animation of the doors is stunning. I'd give it a 10/10 if the final ten minutes were as strong as the first hour. As it is, it's a 9/10.
"""


def test_a_score_under_a_condition_is_hypothetical_and_the_real_one_wins() -> None:
    """ "I'd give it a 10/10 if...": a score the writer would give, not the one given."""
    ex, _ = run(HYPOTHETICAL_THEN_REAL)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9/10"


FOUR_STAR_SITE = """<html><head><title>The Boy and the Heron movie review</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Review",
"itemReviewed": {"@type": "Movie", "name": "The Boy and the Heron"},
"author": {"@type": "Person", "name": "Matt Seitz"},
"reviewRating": {"@type": "Rating", "ratingValue": 4, "bestRating": 4}}</script></head>
<body><article><h1>The Boy and the Heron</h1><p class="byline">Matt Seitz · ★★★★</p>
<p>Miyazaki's anime film about grief is strange, generous and gorgeous, a late work that
refuses to explain itself and is better for it.</p></article></body></html>"""


def test_stars_the_schema_org_data_rates_out_of_four_are_one_review_out_of_four() -> None:
    """ "★★★★" on the page and ratingValue 4 of bestRating 4 in its schema.org data are one
    statement: one review, on the publisher's four-star scale (not 4 of 5)."""
    ex, _ = run(FOUR_STAR_SITE, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "★★★★"
    assert review["score"]["normalized"] == 100.0


EPISODE_IN_JSON_LD = """<html><head><title>Like a Fairy Tale - episode review</title>
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "Review",
"itemReviewed": {"@type": "TVEpisode", "name": "Like a Fairy Tale", "episodeNumber": 7,
"partOfSeries": {"@type": "TVSeries", "name": "Frieren: Beyond Journey's End"}},
"reviewRating": {"@type": "Rating", "ratingValue": 4.5, "bestRating": 5}}</script></head>
<body><div id="topbar"><a href="/">Anime Weekly News</a> <a href="/reviews">Reviews</a></div>
<article><p>Frieren's seventh episode, "Like a Fairy Tale", spends its time on Himmel's statue
and what the village remembers of him, and it is the gentlest the anime has been.</p>
</article></body></html>"""


def test_an_episode_the_schema_org_data_reviews_is_an_episode_of_its_series() -> None:
    """A Review of a TVEpisode with a partOfSeries reviews the series' episode 7, not an
    anime called "Like a Fairy Tale"; a "topbar" is the site's chrome, not the headline."""
    ex, _ = run(EPISODE_IN_JSON_LD, "text/html")
    assert ex.subject == "Frieren: Beyond Journey's End"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["episode"] == 7
    assert review["score"]["normalized"] == 90.0


GRADE_TABLE = """Delicious in Dungeon Review
By Rebecca Silverman

Laios and his party eat their way down a dungeon to save his sister, and Trigger's adaptation
makes every monster recipe look delicious; the anime's comedy lands, and the drama does too.

Overall (dub): B+
Overall (sub): A-
Story: B
Animation: A
Art: A-
Music: B+
"""


def test_two_sub_scores_of_one_aspect_both_stay_under_their_labels() -> None:
    """ "Art: A-" beside "Animation: A" (both animation) and "Overall (sub): A-" beside the
    dub's overall keep their own grades under their labels; none overwrites another."""
    ex, _ = run(GRADE_TABLE)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    aspects = {k: v["as_written"] for k, v in review["aspects"].items()}
    assert aspects["animation"] == "A"
    assert aspects["Art"] == "A-"
    assert aspects["Overall Sub"] == "A-"


RATING_ROW = """Kaguya-sama: Love is War – Ultra Romantic Review
by Jess Ambrose

The third season is the best of the anime: the culture festival arc pays off two seasons of
teasing, and A-1 Pictures saves its best animation for the confession.
Ishigami's arc with Tsubame is the emotional centre, handled with more tenderness than the
show's jokes would suggest.
Mamoru Hatakeyama's direction is as inventive as ever, and the narrator still steals scenes.
Story 9 | Characters 10 | Animation 8 | Sound 9 | Overall 9
Read our Kaguya-sama S2E03 review
Share | Tweet
"""


def test_a_row_of_labelled_numbers_is_the_reviews_sub_scores() -> None:
    """ "Story 9 | Characters 10 | ... | Overall 9" on one line is a flattened table of
    sub-scores: each number is its label's score, though bare."""
    ex, _ = run(RATING_ROW)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == "9"
    assert {k: v["as_written"] for k, v in review["aspects"].items()} == {
        "story": "9",
        "characters": "10",
        "animation": "8",
        "sound": "9",
    }


BOX_OFFICE_RANKING = """Weekend Box Office: Doraemon Holds First, Haikyu!! Drops to Second
March 5, 2024 · Staff

The weekend of 3/4 saw Doraemon: Nobita's Earth Symphony keep the top spot, earning ¥680 million over three days, and Haikyu!! The Dumpster Battle slip to #2, bringing its total to ¥6.8 billion.
Blue Giant, the jazz anime film, re-entered the top 10 at #9 thanks to special screenings.
Full ranking
1. Doraemon: Nobita's Earth Symphony
2. Haikyu!! The Dumpster Battle
3. Kingdom: Return of the Great General
Source: Kogyo Tsushin
"""


def test_a_news_reports_list_of_names_reviews_none_of_them() -> None:
    """A box-office report's "Full ranking" names films with nothing said of each: news,
    with no review stored."""
    ex, _ = run(BOX_OFFICE_RANKING)
    assert ex.kind == DocumentKind.NEWS
    assert of_kind(ex, ClaimKind.REVIEW) == []


NEWS_RECALLING_A_SCORE = """<html><head><title>New Trailer for Solo Leveling Season 2</title></head>
<body><article><h1>Watch: New Trailer for Solo Leveling Season 2 Teases Jeju Island Arc</h1>
<p>Mina Park</p>
<p>Aniplex has released a second trailer for Solo Leveling Season 2, showing Sung Jinwoo's
shadow army in action and a brief look at the Jeju Island raid.</p>
<p>The season premieres January 4, 2025 on Crunchyroll. The first season was a hit, scoring
8/10 in our review and becoming one of the most-watched simulcasts of winter 2024.</p>
</article></body></html>"""

VERDICT_IN_PROSE = """Frieren review

Frieren takes its time with every village and every goodbye, and the quiet pays off.
All told, the season was a solid 9/10 for me, even with the slow middle stretch.
"""


def test_a_score_a_news_report_recalls_is_not_its_own() -> None:
    ex, _ = run(NEWS_RECALLING_A_SCORE, "text/html")
    assert ex.kind == DocumentKind.NEWS
    assert of_kind(ex, ClaimKind.REVIEW) == []
    ex, _ = run(VERDICT_IN_PROSE)  # "was a solid 9/10": the verdict right before its score
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["normalized"] == 90.0


SHORT_ENTRIES_WITH_THEIR_SCORE = """<html><head><title>Fall 2023's Biggest Anime, From Worst to Best</title>
</head><body><article><h1>Fall 2023's Biggest Anime, From Worst to Best</h1>
<p>We watched the headline shows of the fall so you don't have to. Counting up from the weakest.</p>
<h3>Goblin Slayer II</h3>
<p>Flat direction and a story that never gets going at all. <em>Our score: 4/10</em></p>
<h3>The Apothecary Diaries</h3>
<p>Maomao carries everything on her tiny shoulders. <em>Our score: 8/10</em></p>
<h3>Frieren: Beyond Journey's End</h3>
<p>Obviously. <em>Our score: 10/10</em></p>
</article></body></html>"""


def test_a_roundup_entry_of_one_short_sentence_and_its_score_is_an_entry() -> None:
    ex, _ = run(SHORT_ENTRIES_WITH_THEIR_SCORE, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Goblin Slayer II": "4/10",
        "The Apothecary Diaries": "8/10",
        "Frieren: Beyond Journey's End": "10/10",
    }


DEFINITION_LIST_OF_SCORES = """<html><head><title>Winter 2024: Our Final Scores</title></head><body>
<article><h1>Winter 2024: Our Final Scores for Every Show</h1><p>By Aiko Brennan</p>
<p>Quick and dirty: every winter 2024 show our staff finished, with the score we'd give it.</p>
<dl><dt>Solo Leveling</dt><dd>7/10</dd><dt>The Dangers in My Heart Season 2</dt><dd>9/10</dd>
<dt>Delicious in Dungeon</dt><dd>8/10</dd><dt>Metallic Rouge</dt><dd>4/10</dd></dl>
</article></body></html>"""


def test_names_each_over_its_score_and_no_text_are_a_roundups_entries() -> None:
    ex, _ = run(DEFINITION_LIST_OF_SCORES, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert _scores_by_anime(ex) == {
        "Solo Leveling": "7/10",
        "The Dangers in My Heart Season 2": "9/10",
        "Delicious in Dungeon": "8/10",
        "Metallic Rouge": "4/10",
    }
    authors = {r.get("author") for r in of_kind(ex, ClaimKind.REVIEW)}
    assert authors == {"Aiko Brennan"}  # the page's byline, no anime read as a user name


NEWS_OF_A_FILM_PART = """<html><head><title>Chainsaw Man Movie: Reze Arc Gets September Release Date</title>
</head><body><article><h1>Chainsaw Man Movie: Reze Arc Gets September Release Date</h1>
<p>MAPPA announced that Chainsaw Man – The Movie: Reze Arc will open in Japan on September 19.
The anime film adapts the manga's Reze arc, and a new trailer shows Denji meeting Reze.</p>
<p>The Movie: Reze Arc is directed by Tatsuya Yoshihara, with the TV series' staff returning
for the film, which follows the first season of Chainsaw Man.</p>
</article></body></html>"""


def test_a_news_headlines_part_subtitle_is_not_its_subject() -> None:
    ex, _ = run(NEWS_OF_A_FILM_PART, "text/html")
    assert ex.kind == DocumentKind.NEWS
    assert ex.subject == "Chainsaw Man"  # not "Movie: Reze Arc"


def test_a_tier_list_with_an_s_tier_ranks_s_above_a() -> None:
    page = TIER_HEADINGS.replace("<h2>C Tier</h2>", "<h2>A Tier</h2>")
    ex, _text = run(page, "text/html")
    normalized = {
        c.subject: c.data["score"]["normalized"] for c in ex.claims if c.kind == ClaimKind.REVIEW
    }
    assert normalized == {
        "Oshi no Ko Season 2": 100.0,
        "Makeine": 100.0,
        "Tower of God Season 2": 80.0,
    }


MARKED_AUTHOR = """<html><head><title>Dandadan Episode 5 Review</title></head><body><article>
<h1>Dandadan Episode 5 Review</h1><div class="entry-meta"><span class="author">Ravi Menon</span></div>
<p>The Turbo Granny chase finally ends, and Science SARU pours everything into the fight.
Okarun and Momo bicker like an old couple, which is exactly what the show needs.</p>
<p>Score: 9/10</p>
<div class="comments"><div class="comment"><span class="comment-author">okarun_fan</span>
<p>Best episode so far, easily.</p></div></div>
</article></body></html>"""

USERS_REVIEWS = """<html><body><h1>Frieren reviews</h1>
<div class="review"><span class="username">GrimoireGal</span><p>A quiet fantasy about memory
that rewards patience, with the best soundtrack of the year.</p></div>
<div class="review"><span class="username">sleepyknight</span><p>Beautiful, but I found the
middle stretch slow and the exam arc too long for my taste.</p></div></body></html>"""


def test_the_author_the_markup_names_is_the_reviews_author() -> None:
    ex, _ = run(MARKED_AUTHOR, "text/html")
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["author"] == "Ravi Menon"  # not the commenter
    from kansou.extract.general.markup import marked_author

    doc = Document("page", USERS_REVIEWS.encode(), "text/html")
    assert marked_author(clean(doc)) is None  # two users: no one is the page's author


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("Ranma 1/2 (2024)", "Ranma 1/2"),
        ("Update 2/2", None),  # a note added to the post
        ("UPDATE", None),
        ("Edit:", None),
        ("David Production", None),  # the studio's section of a review
        ("Watched by 412K", None),
        ("#BlueEyeSamurai #Netflix", None),
        ('5. Session #17 "Mushroom Samba"', None),  # an episode of the page's anime
    ],
)
def test_which_heading_lines_name_an_anime_of_a_roundup(line: str, name: str | None) -> None:
    from kansou.extract.general.entries import entry_name

    found = entry_name(line)
    assert (found.name if found else None) == name


@pytest.mark.parametrize(
    ("headline", "name"),
    [
        ("Kaguya-sama: Love is War Season 2 Episode 3 Review", "Kaguya-sama: Love is War Season 2"),
        ("Review: Urusei Yatsura (2022) Is Amazing", "Urusei Yatsura (2022)"),
        ("Review: Frieren is still so underrated", "Frieren"),
        ("The Devil is a Part-Timer! Review", "The Devil is a Part-Timer!"),
    ],
)
def test_a_copula_ends_a_name_only_before_praise_or_blame(headline: str, name: str) -> None:
    from kansou.extract.general.names import headline_subject

    found = headline_subject(headline)
    assert found is not None and found.name == name


def test_a_ratio_glued_to_its_label_is_read_with_that_label() -> None:
    """ "Score7/10": a crawler joined the score box's label and value; still the score."""
    ex, text = run(
        "The Eminence in Shadow Season 2 Review\n\nCid's act wears thinner this season, "
        "though the anime's action still looks great and the cast is fun.\n\nScore7/10\n"
    )
    [review] = of_kind(ex, ClaimKind.REVIEW)
    start, end = review["score"]["span"]
    assert text[start:end] == "7/10"
    assert review["score"]["normalized"] == 70.0


def test_a_date_line_that_names_its_writer_first_gives_the_author() -> None:
    """ "Ren Takahashi — December 30, 2022" under the headline names the writer with no "By";
    a headline that is a name and a date ("Blue Lock — October 9, 2022") names no writer."""
    body = "\n\nKessoku Band's anime is the best music show in years, and Bocchi carries it.\n\nScore: 9/10\n"
    ex, _ = run("Bocchi the Rock! Review\nRen Takahashi — December 30, 2022" + body)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["author"] == "Ren Takahashi"
    ex, _ = run("Blue Lock — October 9, 2022" + body)
    assert all(r.get("author") != "Blue Lock" for r in of_kind(ex, ClaimKind.REVIEW))
