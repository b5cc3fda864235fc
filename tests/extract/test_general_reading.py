"""General extraction's stages, each on the page shapes and notations it must read.

The pages here are written for the test, in the shapes real sites use (no page of
``../shared`` is copied): what a reader of each page would say it states is asserted.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from kansou.clean import clean
from kansou.extract import extract
from kansou.extract.general.decide import Context, decide
from kansou.extract.general.names import episode_in, headline_subject, slug_name_words
from kansou.extract.general.scores import find_candidates
from kansou.model import Block, ClaimKind, Document, DocumentKind, Extraction

BODY = (
    "The story takes its time and the characters grow on you with every episode.\n"
    "The animation is gorgeous in the fights, and the soundtrack carries the quiet scenes.\n"
)


def run(text: str, media_type: str = "text/plain") -> Extraction:
    doc = Document("page", text.encode(), media_type)
    return extract(doc, clean(doc))


def reviews(ex: Extraction) -> list[tuple[str | None, Any]]:
    """``(subject, score as written)`` of each review on the page."""
    out = []
    for c in ex.claims:
        if c.kind == ClaimKind.REVIEW:
            score = c.data.get("score")
            out.append((c.subject or ex.subject, score["as_written"] if score else None))
    return out


def line(text: str) -> Block:
    return Block(0, 0, len(text), text)


# -- score candidates: every notation ----------------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "maximum"),
    [
        ("Note : 15/20", 15.0, 20.0),
        ("Nota final: 4,2/5", 4.2, 5.0),
        ("7 / 10", 7.0, 10.0),
        ("6 out of 10", 6.0, 10.0),
        ("16 sur 20", 16.0, 20.0),
        ("8 von 10", 8.0, 10.0),
        ("I give it a seven out of ten", 7.0, 10.0),
        ("nine and a half out of ten", 9.5, 10.0),
        ("★★★½", 3.5, 5.0),
        ("★★☆☆☆☆☆", 2.0, 7.0),
        ("⭐⭐⭐⭐", 4.0, 5.0),
        ("●●◐○○", 2.5, 5.0),
        ("Rating: ****", 4.0, 5.0),
        ("3 1/2 stars", 3.5, 5.0),
        ("four and a half stars", 4.5, 5.0),
        ("3 estrelas", 3.0, 5.0),
        ("85%", 85.0, 100.0),
        ("Score: 8.5", 8.5, None),
    ],
)
def test_every_notation_is_a_candidate(written: str, value: float, maximum: float | None) -> None:
    found = find_candidates(line(written))
    assert [(c.score.value, c.score.scale_max) for c in found] == [(value, maximum)]


@pytest.mark.parametrize(
    "written",
    [
        "on 4/11/2015.",
        "this is the real 25/26 episodes",
        "10/9 (tie)",
        "- 8.7/103 votes",
        "?/10 sound",
    ],
)
def test_dates_counts_and_placeholders_are_no_candidates(written: str) -> None:
    assert [c for c in find_candidates(line(written)) if c.notation != "bare"] == []


def decided(text: str, previous: str | None = None) -> list[tuple[str, str, bool]]:
    block = line(text)
    found = find_candidates(block)
    context = Context(previous=line(previous) if previous else None)
    return [
        (c.text, (d := decide(c, found, context)).role, d.accepted)
        for c in found
        if c.notation != "bare" or decide(c, found, context).label.kind != "none"
    ]


@pytest.mark.parametrize(
    "written",
    [
        "Score: 8/10",
        "Wertung: 8/10",
        "Voto: 8",
        "Оценка: 8/10",
        "評価：★★★★☆",
        "총점: 8/10",
        "Ocena 8/10",
        "Puan: 8/10",
        "Overall Personal Rating: B+",
        "Final Grade: 7/10",
        "8.5/10 overall",
        "Verdict - 6/10",
        "個人的な評価は80点です。",
        "我的评分是8分",
    ],
)
def test_an_overall_label_in_any_language_makes_the_reviews_score(written: str) -> None:
    [(_text, role, accepted)] = [d for d in decided(written) if d[2]]
    assert (role, accepted) == ("overall", True)


@pytest.mark.parametrize(
    ("written", "value", "maximum"),
    [
        ("Le doy un 8 sobre 10.", 8.0, 10.0),
        ("10점 만점에 8점을 주고 싶다.", 8.0, 10.0),
        ("10点満点中8点です。", 8.0, 10.0),
        ("满分10分，我给8分。", 8.0, 10.0),
        ("評価は8/10でした", 8.0, 10.0),
        ("个人评分：9分（满分10分）", 9.0, 10.0),
        ("評分：8分（滿分10分）", 8.0, 10.0),
    ],
)
def test_a_maximum_written_in_any_order_is_read(written: str, value: float, maximum: float) -> None:
    [c] = find_candidates(line(written))
    assert (c.score.value, c.score.scale_max) == (value, maximum)


def test_a_number_inside_a_chinese_sentence_is_prose_not_a_score() -> None:
    sentence = "而且在相繼的續作也是每一部都在9分以上的高分，連榜單的前30都沒有進去，真是可惜的一部動漫作品。"
    assert [d for d in decided(sentence) if d[2]] == []


@pytest.mark.parametrize(
    ("verdict", "score"),
    [("Gli do un 8 pieno.", "8"), ("Le doy un 8, sin dudas.", "8"), ("我给8分。", "8分")],
)
def test_a_first_person_verdict_in_other_languages_scores_the_review(
    verdict: str, score: str
) -> None:
    assert reviews(run("Frieren Review\n" + BODY + verdict + "\n")) == [("Frieren", score)]


def test_aspect_labels_make_sub_scores() -> None:
    assert decided("Story: 2/10 (Horrible)") == [("2/10", "aspect", True)]
    assert decided("作画の評価は9点。") == [("9点", "aspect", True)]  # animation's rating
    assert decided("剧情的评分是8分") == [("8分", "aspect", True)]
    assert decided("6/10 story") == [("6/10", "aspect", True)]
    assert decided("Score/Soundtrack: 10/10") == [("10/10", "aspect", True)]


@pytest.mark.parametrize(
    "written",
    [
        "Current MAL score: 8.35",
        "User Rating 4 out of 5",
        "Age Rating: MA",
        "Rating: 15 for genocide",
        "the fight took about 2/5 of the movie, it was not that long at all",
        "I was originally going to rate this anime a 9/10, then the finale happened.",
        "It is at best a 4 out of 10 when accounting for episode 6 being pleasant to watch.",
        "MONSTER #73",
        "Kaiju No. 8",
        "IGN gave the premiere a 9/10, calling it fun.",
        "Critics rated it 4 out of 5.",
    ],
)
def test_numbers_that_are_something_else_are_not_the_reviews_score(written: str) -> None:
    assert [d for d in decided(written) if d[2] and d[1] == "overall"] == []


def test_a_label_on_the_line_above_labels_a_flattened_table_cell() -> None:
    ex = run("Dog Soldier\n| Average |\n2.7 |\n| Animation |\n3 |\n" + BODY)
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert review["score"]["as_written"] == "2.7"
    assert review["aspects"]["animation"]["value"] == 3.0


def test_the_writers_own_gave_is_still_a_verdict() -> None:
    assert decided("I gave it a 9/10.") == [("9/10", "overall", True)]
    assert decided("We gave it a 9/10.") == [("9/10", "overall", True)]


def test_a_letter_needs_something_that_says_it_is_a_grade() -> None:
    assert [
        d for d in decided("A lot of people think this is the best show of the decade.") if d[2]
    ] == []
    assert decided("Grade: A-") == [("A-", "overall", True)]
    assert [d for d in decided("“Wolf Children” was an A++ movie!") if d[2]] == [
        ("A++", "overall", True)
    ]


def test_a_verdict_that_opens_with_the_article_a_is_words_not_a_grade() -> None:
    assert [d for d in decided("Verdict: A fun ride for fans, but not much more.") if d[2]] == []
    assert decided("Verdict: A") == [("A", "overall", True)]


# -- subjects and episodes ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("headline", "name", "episode"),
    [
        ("Frieren Review", "Frieren", None),
        ("Review: Frieren", "Frieren", None),
        ("[Review] Frieren", "Frieren", None),
        ("Frieren – Episode 5", "Frieren", 5),
        ("Frieren first impressions", "Frieren", None),
        ("葬送のフリーレン 1話 感想", "葬送のフリーレン", 1),
        ("Critique : Frieren", "Frieren", None),
        ("Recensione – Your Lie in April [Anime]", "Your Lie in April", None),
        ("Dan Da Dan Episode 7 Review: Kindness Wins", "Dan Da Dan", 7),
        (
            "Metallic Rouge Season 1 Review – A sci-fi anime that loses its way",
            "Metallic Rouge",
            None,
        ),
        (
            "Blu-ray Review “Akira: 25th Anniversary Edition”",
            "Akira: 25th Anniversary Edition",
            None,
        ),
        ("Kimi ni Todoke – 03", "Kimi ni Todoke", 3),
        ("Review: Dandadan – a wild ride", "Dandadan", None),
        ("Review: Frieren | Otaku Den", "Frieren", None),
        ("Review: Spy x Family - episode 5", "Spy x Family", 5),
        (
            "Review: Re:Zero - Starting Life in Another World",
            "Re:Zero - Starting Life in Another World",
            None,
        ),
        ("【感想】薬屋のひとりごと 第5話", "薬屋のひとりごと", 5),
        ("【アニメ感想】葬送のフリーレン 第3話", "葬送のフリーレン", 3),
        ("Is Vinland Saga worth it? My honest review", "Vinland Saga", None),
        ("Should you watch Pluto?", "Pluto", None),
        ("Why Pluto is the best anime of 2023", "Pluto", None),
        (
            "Why you need to watch Frieren: Beyond Journey's End this year",
            "Frieren: Beyond Journey's End",
            None,
        ),
        ("[애니 리뷰] 진격의 거인 파이널 시즌", "진격의 거인 파이널 시즌", None),
        ("Review Anime Frieren: Beyond Journey's End", "Frieren: Beyond Journey's End", None),
        ("Recenzja anime Frieren", "Frieren", None),
        ("Bocchi the Rock! – 12 (End) and Series Review", "Bocchi the Rock!", 12),
        ("Frieren Season Finale Review – Episode 28", "Frieren", 28),
        ("《咒术回战》第5集观后感", "咒术回战", 5),
        ("„Frieren“ – Kritik", "Frieren", None),
        ("Kritik zu „Frieren“", "Frieren", None),
        ("Reseña de Chainsaw Man: sangre, humor y motosierras", "Chainsaw Man", None),
        (
            "Critique – Vinland Saga saison 2 : la rédemption d'un guerrier",
            "Vinland Saga saison 2",
            None,
        ),
        ("Análise: Bocchi the Rock! é o melhor anime de banda da década", "Bocchi the Rock!", None),
        ("[리뷰] 나 혼자만 레벨업 시즌1, 원작 팬이 본 솔직한 후기", "나 혼자만 레벨업 시즌1", None),
        ("【感想】『薬屋のひとりごと』第1期を見終わった", "薬屋のひとりごと", None),
        ("【推しの子】第2期 第7話 感想", "【推しの子】第2期", 7),
    ],
)
def test_headline_shapes_name_the_anime(headline: str, name: str, episode: int | None) -> None:
    found = headline_subject(headline)
    assert found is not None and (found.name, found.episode) == (name, episode)


@pytest.mark.parametrize(
    "headline",
    [
        "Primeiras impressões da temporada de inverno 2025 – Parte 1",
        "Review by Silerna",
        "Read the full review on AniFem!",
        "I wrote a review of this show yesterday and it was long",
        "Why The Ending Was A Mistake",
    ],
)
def test_headlines_that_name_no_one_anime(headline: str) -> None:
    assert headline_subject(headline) is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Episode 5", 5),
        ("Ep. 05", 5),
        ("MONSTER #73", 73),
        ("第5話", 5),
        ("Épisode 5", 5),
        ("5. Folge", 5),
        ("Bananya 2, episódio 02", 2),
        ("S02E07", 7),
        ("Oshi no Ko season 2 episode 3", 3),
    ],
)
def test_episode_numbers_in_every_common_form(text: str, number: int) -> None:
    assert episode_in(text) == number


@pytest.mark.parametrize("text", ["Episodes 1-4 Streaming", "Episode 5-6", "frieren episodes 1 4"])
def test_a_run_of_episodes_is_no_one_episode(text: str) -> None:
    assert episode_in(text) is None


def test_an_address_that_names_only_the_part_does_not_name_the_anime() -> None:
    page = (
        "URL: https://news.example.com/review/frieren/episodes-1-4/.205231\n\n"
        "Frieren: Beyond Journey's End\nEpisodes 1-4 Streaming\nby Jane Doe\n"
        + BODY
        + "Rating: 4.5 out of 5\n"
    )
    ex = run(page)
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert ex.subject == "Frieren: Beyond Journey's End"
    assert review.get("episode") is None  # episodes 1 to 4, no one episode
    assert review["score"]["as_written"] == "4.5 out of 5"


def test_a_byline_over_a_score_line_is_no_label() -> None:
    page = "Dandadan review\nby user okarun_fan\n85/100\n" + BODY
    assert reviews(run(page)) == [("Dandadan", "85/100")]


def test_a_season_number_in_the_address_does_not_open_the_anime_name() -> None:
    page = (
        "URL: https://news.example.com/2024/07/frieren-season-2-announced\n\n"
        "Frieren: Beyond Journey's End Season 2 Announced for 2026\nJuly 3, 2024\n"
        "The official website for the anime announced that a second season of Frieren: Beyond"
        " Journey's End is in production. Madhouse returns to animate it, with the same staff.\n"
    )
    ex = run(page)
    assert ex.kind == DocumentKind.NEWS
    assert ex.subject is not None and ex.subject.startswith("Frieren")


def test_the_address_names_the_anime_when_the_page_does_not() -> None:
    page = (
        "URL: https://example.org/2025/07/a-rank-party-wo-ridatsu-shita-ore-wa.html\n\n"
        "Anime que comenzó su emisión en invierno y que consta de 24 capítulos en total.\n"
        "En sus inicios, me pareció bastante interesante y muy chulo a nivel visual.\n"
    )
    ex = run(page)
    assert ex.subject == "A Rank Party Wo Ridatsu Shita Ore Wa"
    assert reviews(ex) == [(ex.subject, None)]
    assert slug_name_words("https://butwhytho.net/2023/11/frieren-episode-12-review") == [
        "frieren",
        "episode",
        "12",
    ]


def test_an_episode_review_names_its_episode_and_keeps_the_series_title() -> None:
    ex = run("Oshi no Ko – Episode 5 Review\n" + BODY + "Episode Rating: 8/10\n")
    assert ex.kind == DocumentKind.EPISODE_REVIEW
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert (ex.subject, review["episode"], review["score"]["value"]) == ("Oshi no Ko", 5, 8.0)
    [row] = [c.data for c in ex.claims if c.kind == ClaimKind.EPISODE]
    assert (row["number"], row["score"]["value"]) == (5, 8.0)


# -- pages: kinds, roundups, unscored reviews, scales -------------------------------------

A = "A calm fantasy about an elf who outlives her friends, told with patience and care.\n"
B = "The palace mystery moves quickly and the lead is sharp, funny and easy to root for.\n"
C = "A one-joke comedy about muscles in a world of magic; the joke still lands for me.\n"
INTRO = "These are my picks from the winter season, with a score for each show I kept.\n"


@pytest.mark.parametrize(
    "page",
    [
        "Winter 2024 anime ranked\n" + INTRO + "Frieren – 9/10\n" + A + "Mashle – 6/10\n" + C,
        "My winter ranking\n" + INTRO + "Frieren (9/10)\n" + A + "Mashle (6/10)\n" + C,
        "Top 2 of winter 2024\n"
        + INTRO
        + "1. Frieren\n"
        + A
        + "Score: 9/10\n2. Mashle\n"
        + C
        + "Score: 6/10\n",
        "WINTER 2024 FIRST IMPRESSIONS\n"
        + INTRO
        + "FRIEREN\n"
        + A
        + "Verdict: 9/10\nMASHLE\n"
        + C
        + "Verdict: 6/10\n",
        "Winter 2024 anime\n" + INTRO + "Frieren ★★★★½\n" + A + "Mashle ★★★☆☆\n" + C,
        "Frieren\n" + A + "Score: 9/10\nMashle\n" + C + "Score: 6/10\n",
    ],
)
def test_a_roundup_gives_each_anime_its_own_review(page: str) -> None:
    ex = run(page)
    assert ex.kind == DocumentKind.MULTI_REVIEW
    got = [(name.title() if name else name, score) for name, score in reviews(ex)]
    assert [name for name, _ in got] == ["Frieren", "Mashle"]
    assert all(score for _, score in got)


def test_every_row_of_a_flattened_table_of_sub_scores_is_read() -> None:
    page = (
        "Mob Psycho 100 III review\n"
        + BODY
        + BODY
        + "Story\n9\nAnimation\n10\nCharacters\n9\nSound\n8\nOverall\n9\n"
    )
    [review] = [c.data for c in run(page).claims if c.kind == ClaimKind.REVIEW]
    aspects = {name: a["value"] for name, a in review["aspects"].items()}
    assert aspects == {"story": 9.0, "animation": 10.0, "characters": 9.0, "sound": 8.0}
    assert review["score"]["value"] == 9.0


def test_a_score_on_a_long_entry_name_line_is_that_entrys() -> None:
    page = (
        "Summer 2024 – Week 3 Thoughts\n"
        "1. Oshi no Ko Season 2 — 8/10\n"
        + A
        + "2. Alya Sometimes Hides Her Feelings in Russian — 6/10\n"
        + B
        + "3. Make Heroine ga Oosugiru! — 9/10\n"
        + C
    )
    assert reviews(run(page)) == [
        ("Oshi no Ko Season 2", "8/10"),
        ("Alya Sometimes Hides Her Feelings in Russian", "6/10"),
        ("Make Heroine ga Oosugiru!", "9/10"),
    ]


def test_bylines_and_credits_are_not_roundup_entries() -> None:
    page = (
        "URL: https://films.example.com/film/the-boy-and-the-heron/\n\n"
        "The Boy and the Heron\n2023\nDirected by Hayao Miyazaki\nReview by kenji ★★★★½\n"
        "Miyazaki's strangest film, and one of his most personal; the ending stays with you.\n"
    )
    ex = run(page)
    assert ex.kind == DocumentKind.REVIEW
    assert reviews(ex) == [("The Boy and the Heron", "★★★★½")]


def test_a_name_that_holds_its_number_opens_an_inline_entry() -> None:
    page = (
        "Spring 2024 Mid-Season Check-In\n"
        + INTRO
        + "Kaiju No. 8: The fights are fun but the humour is hit and miss. 7/10\n"
        "Wind Breaker: Stylish delinquents with hearts of gold and great animation. 8/10\n"
    )
    assert reviews(run(page)) == [("Kaiju No. 8", "7/10"), ("Wind Breaker", "8/10")]


RELATED = "Related Posts\nDandadan Review – 8/10\nPluto Review – 9.5/10\n"


def test_related_posts_after_the_article_give_it_no_score_and_no_entries() -> None:
    review = run("Frieren Review\n" + BODY + BODY + RELATED + "12 thoughts on “Frieren”\n")
    assert reviews(review) == [("Frieren", None)]  # not Dandadan's 8/10
    roundup = run(
        "Winter 2024 first impressions\n"
        + INTRO
        + "Frieren\n"
        + A
        + "Score: 9/10\nMashle\n"
        + C
        + "Score: 6/10\n"
        + RELATED
    )
    assert reviews(roundup) == [("Frieren", "9/10"), ("Mashle", "6/10")]


def test_a_letter_grade_closing_an_entry_name_line_is_its_grade() -> None:
    page = (
        "Spring 2024 Report Card\n"
        + INTRO
        + "Kaiju No. 8 – B\n"
        + A
        + "The Apothecary Diaries – A\n"
        + B
        + "Wind Breaker – B+\n"
        + C
    )
    assert reviews(run(page)) == [
        ("Kaiju No. 8", "B"),
        ("The Apothecary Diaries", "A"),
        ("Wind Breaker", "B+"),
    ]


def test_a_tier_lists_lines_rate_every_anime_they_name() -> None:
    page = (
        "Fall 2024 Anime Tier List\n"
        + INTRO
        + "S Tier: Dandadan, Orb: On the Movements of the Earth\nA Tier: Blue Box\n"
        "Tier B – Ranma 1/2 / Blue Lock Season 2\n"
    )
    ex = run(page)
    assert ex.kind == DocumentKind.MULTI_REVIEW
    assert reviews(ex) == [
        ("Dandadan", "S"),
        ("Orb: On the Movements of the Earth", "S"),
        ("Blue Box", "A"),
        ("Ranma 1/2", "B"),
        ("Blue Lock Season 2", "B"),
    ]


def test_a_rating_line_under_a_short_entry_closes_that_entry() -> None:
    page = (
        "Winter 2024 first impressions\n" + INTRO + "Frieren\nSlow, sad and lovely so far.\n"
        "Score: 9/10\nMashle\nThe one joke still works.\nScore: 6/10\n"
        "Sakamoto Days\nStylish fights, thin story.\nScore: 7/10\n"
    )
    assert reviews(run(page)) == [
        ("Frieren", "9/10"),
        ("Mashle", "6/10"),
        ("Sakamoto Days", "7/10"),
    ]


def test_a_tier_group_gives_each_listed_title_the_rating_above_it() -> None:
    page = (
        "Spring season expectations, after the first episodes of each show.\n"
        "評価:★★★★★(必見)\nFrieren\n評価:★★★☆☆(様子見)\nMashle\nThe Apothecary Diaries\n"
        "Every one of these was watched to its first episode, and more are coming soon.\n"
    )
    assert reviews(run(page)) == [
        ("Frieren", "★★★★★"),
        ("Mashle", "★★★☆☆"),
        ("The Apothecary Diaries", "★★★☆☆"),
    ]


def test_a_review_without_a_score_is_a_review() -> None:
    ex = run("Trigun Stampede Premiere Review\nBy Sam Lee\n" + BODY)
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert (ex.subject, review["score"], review["status"], review["author"]) == (
        "Trigun Stampede",
        None,
        "unscored",
        "Sam Lee",
    )
    assert "soundtrack" in review["text"]


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("March 3, 2024 by Jane Doe · 12 Comments", "Jane Doe"),
        ("Posted on May 12, 2024 by hikari", "hikari"),
        ("17:00 - 23rd August 2014, by David West", "David West"),
    ],
)
def test_a_date_line_names_the_author_after_by(line: str, author: str) -> None:
    ex = run("Kaiju No. 8 Episode 5 Review\n" + line + "\n" + BODY + "Overall: 8/10\n")
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert review["author"] == author


def test_a_staff_review_is_one_review_by_each_reviewer_it_scores() -> None:
    page = "Dandadan Review\n" + BODY + "Kane's score: 8/10\nJane's score: 9/10\nAverage: 8.5/10\n"
    got = [
        (c.data["author"], c.data["score"]["as_written"])
        for c in run(page).claims
        if c.kind == ClaimKind.REVIEW
    ]
    assert got == [("Kane", "8/10"), ("Jane", "9/10")]  # the average is no one's review


def test_a_score_with_no_written_maximum_is_kept_as_written_and_never_placed() -> None:
    ex = run("Cowboy Bebop\nRating: 4\n" + BODY)
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert review["score"]["value"] == 4.0
    assert review["score"]["scale_max"] is None and review["score"]["normalized"] is None


def test_verdict_words_are_kept_beside_the_score() -> None:
    ex = run("Eureka Seven\nGenre: Mecha\nScore: Very Good\n" + BODY)
    [review] = [c.data for c in ex.claims if c.kind == ClaimKind.REVIEW]
    assert review["verdict"]["text"] == "Very Good" and review["score"] is None


def test_a_rating_scale_page_is_rejected_with_that_reason() -> None:
    from kansou.errors import DocumentRejected
    from kansou.pipeline import process

    page = (
        "My Ratings system\n***** Five Stars\nA classic everyone should see, flawless.\n"
        "**** Four Stars\nVery good, one of the best of its genre.\n*** Three Stars\n"
        "A pretty mediocre title with little to hold on to.\n** Two Stars\nNot for me at all.\n"
    )
    with pytest.raises(DocumentRejected, match="a rating scale, not a review"):
        process(Document("scale.txt", page.encode()))


def test_a_news_article_keeps_its_headline_and_subject() -> None:
    page = (
        "Crunchyroll announces Frieren season 2 premiere date\n"
        "Crunchyroll announced on Friday that the second season will premiere in January.\n"
        "The studio Madhouse returns for the new season of the anime, with the same staff.\n"
        "Source: Crunchyroll\n"
    )
    ex = run(page)
    assert ex.kind == DocumentKind.NEWS
    assert [c.data["text"] for c in ex.claims if c.kind == ClaimKind.HEADLINE] == [
        "Crunchyroll announces Frieren season 2 premiere date"
    ]


def test_a_page_in_a_language_without_labels_is_stored_with_its_language() -> None:
    from kansou.pipeline import process

    page = (
        "Anime Frieren er en rolig fortelling om en alv som lever lenger enn vennene sine.\n"
        "Animasjonen er vakker og musikken bærer de stille scenene i hver episode av serien.\n"
    )
    processed = process(Document("no.txt", page.encode()))
    assert processed.cleaned.language == "no"


def test_a_listed_review_leaves_the_players_notice_out_of_its_text() -> None:
    body = "The premise is strong, and the first arc delivers on it with care and pace. " * 3
    page = (
        "Starlight Engine\nREVIEWS\n"
        f"Mira\n70/100A bold start.Continue on Anisite(Video contains audio. Be sure to unmute) "
        f"{body}\n{body}\n"
        f"Kenji\n40/100Too much at once.Continue on Anisite {body}\n{body}\n"
    )
    listed = [c for c in run(page).claims if c.kind == ClaimKind.REVIEW]
    assert [c.data["author"] for c in listed] == ["Mira", "Kenji"]
    assert [c.data["text"][:17] for c in listed] == ["The premise is st"] * 2
    assert listed[0].data["syndicated_from"] == "Anisite"


# -- bad input ----------------------------------------------------------------------------


def test_a_page_of_five_thousand_score_like_numbers_stays_linear() -> None:
    def cpu(n: int) -> float:
        text = "\n".join(f"Score: {i % 10}/10 · {i % 5}/5 · {i % 100}%" for i in range(n))
        started = time.process_time()
        run("Many numbers\n" + text)
        return time.process_time() - started

    small, large = cpu(1_000), cpu(5_000)
    assert large < 10 * max(small, 0.05), (small, large)


def test_a_candidate_no_subject_owns_is_reported_never_attached_to_a_guess() -> None:
    ex = run("7 / 10\nthe end of the page, and nothing here names what was rated.\n")
    candidates = ex.explanation["candidates"]
    assert [c["text"] for c in candidates] == ["7 / 10"]
    assert all(c.data.get("score") is None or c.subject is None for c in ex.claims)
    assert ex.subject is None


def test_a_headlines_article_and_kind_of_review_are_not_the_name() -> None:
    from kansou.extract.general.names import headline_subject

    named = {
        "Hunter x Hunter (2011) – A Retrospective Review": "Hunter x Hunter (2011)",
        "Frieren: A Review": "Frieren",
        "The Promised Neverland Season 2 — An Honest Review": "The Promised Neverland Season 2",
        "Steins;Gate: The Review": "Steins;Gate",
        # The article of the language the review word is in, after a comma or a dash.
        "Blue Lock, la recensione": "Blue Lock",
        "Kaiju No. 8, la critique": "Kaiju No. 8",
        "Dandadan: la reseña": "Dandadan",
        "Frieren – la recensione del primo episodio": "Frieren",
        "Oshi no Ko – Die Kritik": "Oshi no Ko",
    }
    for headline, name in named.items():
        found = headline_subject(headline)
        assert found is not None and found.name == name, headline
    assert headline_subject("Read the full review on Crunchyroll") is None


def test_a_name_after_review_keeps_letters_that_spell_a_preposition() -> None:
    from kansou.extract.general.names import headline_subject

    named = {
        "Review One Piece episode 1100": "One Piece",  # not "e Piece": "On" opens "One"
        "Review Didn't I Say to Make My Abilities Average": (
            "Didn't I Say to Make My Abilities Average"
        ),
        "Análisis: Chainsaw Man episodio 12": "Chainsaw Man",
        "Đánh giá One Piece tập 1100": "One Piece",
    }
    for headline, name in named.items():
        found = headline_subject(headline)
        assert found is not None and found.name == name, headline


def test_a_letter_inside_a_studios_name_is_no_grade() -> None:
    assert find_candidates(line("Анимация A-1 Pictures пока держит уровень")) == [
        c
        for c in find_candidates(line("Анимация A-1 Pictures пока держит уровень"))
        if c.notation != "letter"
    ]
    [grade] = find_candidates(line("Animation: A-"))
    assert grade.score.value == 91.67


def test_a_difficulty_and_the_next_fields_label_rate_nothing() -> None:
    # "Tempo:" labels the 40 minutes after it, not the 2/5 before; a difficulty is no score
    assert [d for d in decided("Difficoltà: 2/5 · Tempo: 40 minuti") if d[2]] == []
    [(_text, role, accepted)] = [d for d in decided("Voto: 8/10 · Regia: Tetsuro Araki") if d[2]]
    assert (role, accepted) == ("overall", True)


def test_a_rank_written_as_cjk_and_korean_rankings_do_is_no_part_of_the_name() -> None:
    from kansou.extract.general.entries import entry_name

    for written, name in {
        "1位 ダンダダン": "ダンダダン",
        "第3位 アオのハコ": "アオのハコ",
        "1위 나 혼자만 레벨업": "나 혼자만 레벨업",
        "第1名 葬送的芙莉莲": "葬送的芙莉莲",
        "No. 3 Dandadan": "Dandadan",
    }.items():
        found = entry_name(written)
        assert found is not None and (found.name, found.numbered) == (name, True), written


def test_a_season_named_in_the_cases_russian_inflects_makes_a_roundups_headline() -> None:
    from kansou.extract.general.vocabulary import is_roundup_phrase

    assert is_roundup_phrase("Итоги весеннего аниме-сезона 2024: что стоило смотреть")
    assert is_roundup_phrase("Najlepsze anime sezonu wiosennego")
    assert not is_roundup_phrase("Атака титанов")
