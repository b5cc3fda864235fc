"""Scores and episode numbers as other scripts write them.

Pages in Japanese, Arabic, Thai, Indonesian or Portuguese write digits, signs and
episode numbers of their own: full-width "８／１０", Arabic-Indic "٨٫٥/١٠", kanji
"第五話", "ตอนที่ 7", "8 เต็ม 10", "92点（100点満点）". A reader takes them as
the same scores and episodes as their ASCII spellings, and quotes them as written.
"""

from __future__ import annotations

import pytest

from kansou.model import ClaimKind, DocumentKind
from tests.extract.test_general_shapes import of_kind, run


def _review(text: str, media_type: str = "text/plain") -> tuple[dict, str]:
    ex, cleaned = run(text, media_type)
    assert ex.kind in (DocumentKind.REVIEW, DocumentKind.EPISODE_REVIEW), ex.kind
    [review] = of_kind(ex, ClaimKind.REVIEW)
    return review, cleaned


JAPANESE_FULL_WIDTH = """葬送のフリーレン 感想
投稿日：2024年3月3日

冒険が終わった後の物語として、静かで丁寧な作品だった。
キャラクターの関係がゆっくり描かれていて、音楽もとても良い。

評価：８／１０
"""


def test_full_width_digits_are_a_score_quoted_as_written() -> None:
    review, text = _review(JAPANESE_FULL_WIDTH)
    assert review["score"]["normalized"] == 80.0
    start, end = review["score"]["span"]
    assert text[start:end] == "８／１０" == review["score"]["as_written"]


ARABIC = """مراجعة أنمي Frieren

قصة هادئة عن ما يحدث بعد انتهاء المغامرة، والرسوم جميلة جدا والموسيقى رائعة.
الإيقاع بطيء أحيانا لكن الشخصيات مكتوبة بعناية.

التقييم: ٨٫٥/١٠
"""


def test_arabic_indic_digits_and_decimal_point_are_a_score() -> None:
    review, _text = _review(ARABIC)
    assert review["score"]["normalized"] == 85.0
    assert review["score"]["as_written"] == "٨٫٥/١٠"


KANJI_EPISODE = """<html><head><title>ダンダダン 第五話 感想</title></head><body><article>
<h1>ダンダダン 第五話 感想</h1>
<p>今回はターボババアとの決着回。作画が本当にすごくて、戦闘シーンは圧巻だった。</p>
<p>オカルンとモモの掛け合いも相変わらず楽しい。来週も楽しみ。</p>
<p>個人的な点数は92点（100点満点）です。</p>
</article></body></html>"""


def test_kanji_episode_number_and_full_marks_in_brackets() -> None:
    ex, _text = run(KANJI_EPISODE, "text/html")
    assert ex.kind == DocumentKind.EPISODE_REVIEW
    assert ex.subject == "ダンダダン"
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["episode"] == 5
    assert review["score"]["normalized"] == 92.0
    assert review["score"]["as_written"] == "92点（100点満点）"


THAI_EPISODE = """รีวิว Frieren ตอนที่ 7

ตอนนี้เล่าเรื่องของฮิมเมลได้อย่างสวยงาม ภาพสวยมาก เพลงประกอบก็ดี
ตัวละครมีมิติมากขึ้นกว่าตอนก่อน ๆ

ให้ 8 เต็ม 10
"""


def test_thai_episode_and_full_marks_word() -> None:
    review, _text = _review(THAI_EPISODE)
    assert review["episode"] == 7
    assert review["score"]["normalized"] == 80.0


def test_indonesian_dari_is_out_of() -> None:
    review, _text = _review(
        "Review Anime Frieren: Beyond Journey's End\n\n"
        "Ceritanya tenang dan karakternya ditulis dengan sangat baik. Animasinya indah.\n"
        "Musiknya juga bagus sekali.\n\nNilai: 8,5 dari 10\n"
    )
    assert review["score"]["normalized"] == 85.0


PORTUGUESE_NEWS_OF_A_SITE_SCORE = """Análise: Frieren e a Jornada para o Além

Frieren é uma história calma sobre o que vem depois da aventura. Hoje o anime tem nota 8,7 no MyAnimeList, e não é por acaso.
A animação da Madhouse é belíssima e a trilha sonora acompanha cada cena.
"""


def test_a_site_named_after_the_number_makes_it_that_sites_score() -> None:
    review, _text = _review(PORTUGUESE_NEWS_OF_A_SITE_SCORE)
    assert review.get("score") is None  # 8,7 is MyAnimeList's, not this review's


def test_a_rater_glued_to_a_label_without_spaces_is_another_rater() -> None:
    from kansou.extract.general.decide import classify_label

    assert classify_label("豆瓣评分")[0] == "other"
    assert classify_label("MyAnimeList에서 평점")[0] == "other"
    assert classify_label("normal")[0] != "other"  # "mal" inside a word is no rater


DATED_BYLINE_PAGE = """<html><head><title>Frieren Review</title></head><body><article>
<h1>Frieren Review</h1>
<p>{byline}</p>
<p>Frieren is a quiet, moving fantasy about time and memory. The animation is gorgeous
and the music is lovely.</p>
<p>Score: 9/10</p>
</article></body></html>"""


def test_a_byline_with_its_date_names_the_author_in_many_languages() -> None:
    bylines = {
        "Par Marie Dubois — publié le 3 mars 2024": "Marie Dubois",
        "Por Carlos Ruiz | 12 de mayo de 2024": "Carlos Ruiz",
        "Von Jan Becker am 12. Mai 2024": "Jan Becker",
        "Di Marco Rossi, 5 marzo 2024": "Marco Rossi",
        "Автор: Иван Петров, 3 марта 2024": "Иван Петров",
        "Oleh Budi Santoso - 3 Maret 2024": "Budi Santoso",
        "作者：李明 2024-03-01": "李明",
        "김민수 기자 | 2024.03.01": "김민수",
        "Pubblicato da Marco Bianchi il 5 marzo 2024": "Marco Bianchi",
        "بقلم أحمد خالد | 2024-03-05": "أحمد خالد",
        "โดย สมชาย ใจดี | 2024-03-05": "สมชาย ใจดี",
        "作者：陳怡君 │ 2024-03-05": "陳怡君",
        "Tác giả: Nguyễn Văn An - 21/07/2024": "Nguyễn Văn An",
        "by 하늘바라기 · 2024.03.05": "하늘바라기",
        "작성자: 김민수 · 2024년 3월 3일": "김민수",
        "작성자: 이지훈": "이지훈",  # a label's colon names the author, with no date
        "2024年3月3日 投稿者：ゆうき": "ゆうき",
        "著者：みずき": "みずき",
        "作者：小明 发布于 2024年3月3日": "小明",
        "Tác giả: Minh Anh – ngày 3 tháng 3 năm 2024": "Minh Anh",
        "โดย: สมชาย ใจดี · 3 มีนาคม 2567": "สมชาย ใจดี",
        "Door Jeroen de Vries op 3 maart 2024": "Jeroen de Vries",
        "Written by Dana Whitfield on 11/02/2023": "Dana Whitfield",
        "Posted by Kestrel January 12, 2025": "Kestrel",  # the month begins the date
        "By Mark Sun on March 3, 2024": "Mark Sun",
        "By Daniel Kurland Published Dec 20, 2024": "Daniel Kurland",
        "書いた人：kohi_anime": "kohi_anime",
    }
    for byline, author in bylines.items():
        review, _ = _review(DATED_BYLINE_PAGE.format(byline=byline), "text/html")
        assert review.get("author") == author, byline


def test_a_date_written_year_first_with_dots_or_slashes_is_read() -> None:
    from kansou.extract.values import read_date, read_written_date

    for written in ("2024.03.01", "2024/3/1", "2024. 3. 1."):  # the last as Korean pages do
        found = read_date(written)
        assert found is not None and found[0] == "2024-03-01", written
    assert read_date("version 2024.3.1.5") is None
    # a slashed date in a language that writes the day first
    assert (read_written_date("01/07/2024", "vi") or ("",))[0] == "2024-07-01"
    assert read_written_date("01/07/2024", "en") is None  # either order there
    assert read_date("2024/13/01") is None


NEWS_IN_OTHER_LANGUAGES = {
    "ja": """葬送のフリーレン 第2期 放送決定
2025年3月24日

アニメ『葬送のフリーレン』の第2期が2026年1月より放送されることが決定し、ティザービジュアルが公開された。
制作は引き続きマッドハウスが担当し、監督の斎藤圭一郎をはじめ主要スタッフも続投する。あわせて新しいPVも公開されている。
""",
    "zh": """《鬼灭之刃 无限城篇》官宣定档 内地票房有望破纪录
2025年6月2日

动画电影《鬼灭之刃 无限城篇》今日官宣定档7月18日在日本上映，同时发布了最新预告片。
影片由ufotable制作，讲述炭治郎一行人进入无限城与上弦之鬼展开的最终决战，预售首日即引发热议。
""",
    "pl": """Nowy zwiastun anime Chainsaw Man: Reze Arc. Znamy datę premiery
12 sierpnia 2025

Studio MAPPA opublikowało nowy zwiastun filmu Chainsaw Man – The Movie: Reze Arc.
Dystrybutor poinformował, że film trafi do polskich kin 24 października, z napisami i z polskim dubbingiem.
""",
    "ko": """'주술회전' 3기 제작 확정
2025.03.01

애니메이션 '주술회전' 3기 사멸회유편의 제작이 확정됐다고 제작사가 밝혔다.
함께 공개된 티저 영상에는 유지와 메구미의 새로운 모습이 담겼으며 방송 시기는 추후 발표된다.
""",
}


def test_news_in_other_languages_is_news_not_a_review() -> None:
    for language, text in NEWS_IN_OTHER_LANGUAGES.items():
        ex, _ = run(text)
        assert ex.kind == DocumentKind.NEWS, language
        assert of_kind(ex, ClaimKind.REVIEW) == [], language


ROUNDUP_UNDER_A_BYLINE = """<html><head><title>Lo mejor del otoño 2024</title></head><body><article>
<h1>Lo mejor del otoño 2024</h1>
<p>Escrito por Diego Ramírez — 30 de diciembre de 2024</p>
<h2>Dandadan</h2><p>Una locura de principio a fin, con una animación desbordante y mucho humor.</p>
<p>Nota: 9/10</p>
<h2>Dragon Ball Daima</h2><p>Nostálgica y simpática, aunque el ritmo se resiente a mitad de la temporada.</p>
<p>Nota: 6/10</p>
</article></body></html>"""


def test_a_byline_over_a_roundup_is_its_author_not_an_entry() -> None:
    ex, _ = run(ROUNDUP_UNDER_A_BYLINE, "text/html")
    reviews = of_kind(ex, ClaimKind.REVIEW)
    assert [r["score"]["as_written"] for r in reviews] == ["9/10", "6/10"]
    assert {r.get("author") for r in reviews} == {"Diego Ramírez"}
    assert len([c for c in ex.claims if c.kind == ClaimKind.REVIEW and c.subject]) == 2


STATED_SCALE_ROUNDUP = """2024年秋アニメ 個人的ランキング＆評価まとめ
今期完走したアニメを点数つきでまとめます。10点満点です。

1位 ダンダダン
とにかく勢いがすごい。毎週一番楽しみにしていた作品で、作画も音楽も最高だった。
評価：9点

3位 アオのハコ
部活と恋愛のバランスがちょうどいい。毎週ゆっくり楽しめる青春ものだった。
評価：7点
"""


def test_points_on_a_page_that_states_its_scale_are_out_of_that_scale() -> None:
    ex, _ = run(STATED_SCALE_ROUNDUP)
    normalized = sorted(r["score"]["normalized"] for r in of_kind(ex, ClaimKind.REVIEW))
    assert normalized == [70.0, 90.0]
    ex, _ = run(STATED_SCALE_ROUNDUP.replace("10点満点です。", ""))  # no scale: kept as written
    assert all(r["score"]["normalized"] is None for r in of_kind(ex, ClaimKind.REVIEW))


DAILY_REVIEWS_POST = """Bahar sezonu günlük anime inceleme yazıları bölüm 12

Frieren: Bu hafta serinin yeni bölümünde Frieren ve Fern kuzeye doğru yola devam ediyorlar. Yolculuk yine sakin ve düşünceli geçiyor, karakterlerin arasındaki sessiz anlar çok güzel. Müzikler her zamanki gibi harika, animasyon da gayet temiz. Bence sezonun en iyi işlerinden biri olmaya devam ediyor ve haftaya da kesinlikle izleyeceğim.
"""


def test_a_review_headline_over_a_post_that_names_its_anime_below_it() -> None:
    """A blog's numbered daily-review post ("... inceleme yazıları bölüm 12") names its
    anime only in the first paragraph: the headline's review word still says it reviews it."""
    ex, _ = run(DAILY_REVIEWS_POST)
    assert ex.kind in (DocumentKind.REVIEW, DocumentKind.EPISODE_REVIEW)
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["status"] == "unscored"


@pytest.mark.parametrize(
    ("headline", "name"),
    [
        ("Les Carnets de l'apothicaire : mon avis sur la saison 1", "Les Carnets de l'apothicaire"),
        ("Recensie: Delicious in Dungeon", "Delicious in Dungeon"),
        ("【心得】《葬送的芙莉蓮》第一季 全篇心得", "葬送的芙莉蓮"),
    ],
)
def test_review_words_of_more_languages_name_the_reviewed_anime(headline: str, name: str) -> None:
    """French "mon avis sur", Dutch "Recensie", Chinese 心得 (a forum's review tag) say the
    page reviews what the headline names, score or none."""
    body = (
        "Je l'ai regardé en entier et j'ai été surpris par la qualité de l'écriture, vraiment.\n"
        "Ik vond de personages sterk en de animatie mooi, al is het tempo soms wat traag.\n"
        "整體來說節奏很慢，但角色之間的情感描寫非常細膩，我很喜歡這部作品。\n"
    )
    ex, _ = run(f"{headline}\n\n{body}")
    assert ex.kind == DocumentKind.REVIEW
    assert ex.subject == name
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["status"] == "unscored"


@pytest.mark.parametrize(
    ("headline", "name", "episode"),
    [
        (
            "L'attacco dei giganti – Stagione finale: la recensione",
            "L'attacco dei giganti – Stagione finale",
            None,
        ),
        ("«Монолог фармацевта», эпизод 4: обзор серии", "Монолог фармацевта", 4),
        ("Обзор: «Магическая битва» 2 сезон, серия 5 — «Пустота»", "Магическая битва", 5),
        (
            "Fullmetal Alchemist: Brotherhood Review – Is It Still #1?",
            "Fullmetal Alchemist: Brotherhood",
            None,
        ),
        ("Recenzja anime „Frieren – u kresu drogi”", "Frieren – u kresu drogi", None),
        ("รีวิวอนิเมะ คำอธิษฐานในวันที่จากลา Frieren", "คำอธิษฐานในวันที่จากลา Frieren", None),
        ("مراجعة أنمي هجوم العمالقة: الموسم الأخير", "هجوم العمالقة: الموسم الأخير", None),
    ],
)
def test_headline_names_in_their_languages_shapes(
    headline: str, name: str, episode: int | None
) -> None:
    """Italian "Stagione finale" is the final season's name (not a "season finale"); Russian
    "эпизод 4" is an episode; "Still #1?" is a rank; „quotes” hold a name with a dash;
    Thai and Arabic write the word for anime between the review word and the name."""
    ex, _ = run(
        f"{headline}\n\nThe story and the characters carry it, and I liked it a lot.\n\nScore: 8/10\n"
    )
    assert ex.subject == name
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review.get("episode") == episode
    assert review["score"]["normalized"] == 80.0


@pytest.mark.parametrize(("written", "normalized"), [("Voto: 7½", None), ("Voto: 7½/10", 75.0)])
def test_a_half_written_as_a_glyph_is_part_of_the_score(
    written: str, normalized: float | None
) -> None:
    """ "7½" is seven and a half, with or without its maximum (a bare one stays unstated)."""
    ex, _ = run(
        f"Frieren: la recensione\n\nUn viaggio lento e malinconico, con una colonna sonora splendida.\n\n{written}\n"
    )
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == written.removeprefix("Voto: ")
    assert review["score"]["value"] == 7.5
    assert review["score"]["normalized"] == normalized


@pytest.mark.parametrize(
    ("written", "normalized"), [("85点", 85.0), ("92점", 92.0), ("8.5分", None)]
)
def test_cjk_points_above_ten_are_out_of_a_hundred(written: str, normalized: float | None) -> None:
    """ "85点", "92점": Japanese and Korean reviews that score past 10 score out of 100; a
    "8.5分" states no maximum and stays unstated."""
    ex, _ = run(
        f"薬屋のひとりごと 第7話 感想\n\n猫猫の推理が冴える回で、作画も音楽もとても良かったです。\n\n評価：{written}\n"
    )
    [review] = of_kind(ex, ClaimKind.REVIEW)
    assert review["score"]["as_written"] == written
    assert review["score"]["normalized"] == normalized


SEASON_MATOME = """<html lang="ja"><head><title>2024夏アニメ 感想と評価まとめ - 深夜アニメ備忘録</title></head>
<body><div id="header"><a href="/">深夜アニメ備忘録</a></div><article>
<h1 class="entry-title">2024夏アニメ 感想と評価まとめ</h1>
<p>夏アニメが終わったので、完走した作品の感想をまとめます。評価は10点満点です。</p>
<h2>負けヒロインが多すぎる！</h2><p>今期ベスト。八奈見さんの食事シーンの作画だけで元が取れる。</p>
<p>評価：9点</p>
<h2>小市民シリーズ</h2><p>地味だけど味わい深い。小鳩くんと小佐内さんの関係性が独特。</p>
<p>評価：7点</p></article></body></html>"""


def test_a_pages_statement_of_its_scale_is_no_score_and_its_banner_no_anime() -> None:
    """ "評価は10点満点です" says the scale (its 10点 is no score, and makes each 評価 out of
    10); the site's name in its banner, as the <title> ends, is not a reviewed show."""
    ex, _ = run(SEASON_MATOME, "text/html")
    assert ex.kind == DocumentKind.MULTI_REVIEW
    scores = {
        c.subject: c.data["score"]["normalized"] for c in ex.claims if c.kind == ClaimKind.REVIEW
    }
    assert scores == {"負けヒロインが多すぎる！": 90.0, "小市民シリーズ": 70.0}
