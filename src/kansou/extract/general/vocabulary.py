"""The words general extraction knows, in the languages anime is written about.

These are vocabularies of how review pages are built (what a score's label
says, what a headline of a review says, what marks a number as a rank or a
count), gathered from how sites in many languages write them; none is one
site's wording. Every list is matched case-folded. Adding a language means
adding its words here; nothing else in the extractor is language-specific.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kansou.extract.patterns import SPACED_LETTERS


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _words_re(words: Iterable[str]) -> re.Pattern[str]:
    """Any of ``words``, case-insensitive: a word of its own among spaced scripts' letters
    (Latin, Greek, Cyrillic), anywhere in scripts written without spaces ("豆瓣评分",
    "PVが公開された")."""
    return re.compile(
        rf"(?<![{SPACED_LETTERS}])(?:{_alternation(words)})(?![{SPACED_LETTERS}])", re.I
    )


#: Labels that announce a review's own overall score ("Overall Score: 9.2/10", "Nota 8",
#: "Wertung:", "Оценка", "評価:", "평점"). A label that names the work itself ("Film:",
#: "Episodes:" beside "Extras:") also rates the whole.
#: Labels that name the work itself: an overall score only when they are the whole label
#: at the start of a line ("Film: 5 out of 5 stars" beside "Extras: 3.5 out of 5 stars").
WORK_LABELS = frozenset(
    [
        "film",
        "movie",
        "feature",
        "series",
        "show",
        "anime",
        "season",
        "episode",
        "episodes",
        "the film",
        "the series",
        "the show",
        "this episode",
    ]
)

OVERALL_LABELS = frozenset(
    [
        "score",
        "rating",
        "ratings",
        "verdict",
        "grade",
        "vote",
        "average",
        "total",
        "overall",
        "mark",
        "marks",
        "note",
        "évaluation",
        "appréciation",
        "wertung",
        "bewertung",
        "gesamtwertung",
        "gesamtnote",
        "endnote",
        "fazit",
        "urteil",
        "voto",
        "valutazione",
        "giudizio",
        "punteggio",
        "nota",
        "puntuación",
        "puntaje",
        "calificación",
        "valoración",
        "veredicto",
        "avaliação",
        "avaliacao",
        "classificação",
        "pontuação",
        "veredito",
        "оценка",
        "итог",
        "рейтинг",
        "вердикт",
        "ocena",
        "werdykt",
        "puan",
        "puanım",
        "değerlendirme",
        "hodnocení",
        "cijfer",
        "beoordeling",
        "oordeel",
        "betyg",
        "karakter",
        "vurdering",
        "terningkast",
        "nilai",
        "skor",
        "điểm",
        "評価",
        "総合評価",
        "点数",
        "得点",
        "採点",
        "総評",
        "評点",
        "期待度",
        "评分",
        "評分",
        "评价",
        "評價",
        "打分",
        "总分",
        "總分",
        "综合评分",
        "推荐度",
        "점수",
        "평점",
        "평가",
        "총점",
        "별점",
    ]
) | frozenset(
    [
        "final",
        "final score",
        "overall score",
        "total score",
        "review score",
        "overall rating",
        "our rating",
        "my rating",
        "final rating",
        "personal rating",
        "overall personal rating",
        "subjective rating",
        "reviewer's rating",
        "critic rating",
        "final verdict",
        "our verdict",
        "final grade",
        "overall grade",
        "letter grade",
        "note finale",
        "note globale",
        "ma note",
        "notre note",
        "voto finale",
        "nota final",
        "ocena końcowa",
        "итоговая оценка",
        "моя оценка",
        "first impression",
        "첫 인상",
        "đánh giá",
    ]
)

#: Aspect labels, case-folded, -> kansou's aspect names. A sub-score whose label is not
#: here keeps its own label as the aspect name ("Direction", "Extras", "World Building").
ASPECT_LABELS: dict[str, str] = {}
_ASPECT_WORDS = {
    "story": """story plot writing screenplay script narrative storyline series story
        episode story histoire scénario scenario intrigue geschichte handlung storia trama
        sceneggiatura historia argumento guion guión história enredo roteiro сюжет история
        ストーリー シナリオ 脚本 物語 스토리 줄거리 각본 剧情 劇情 故事 fabuła hikaye konu""",
    "characters": """characters character charather characterization characterisation cast
        personnages charaktere figuren personaggi personajes personagens персонажи
        キャラクター キャラ 캐릭터 角色 人物 postacie karakterler""",
    "animation": """animation art art and animation visuals visual graphics art style artwork
        drawing character design graphismes dessin animations zeichnung optik animazione
        grafica disegni animación arte dibujo animação traço анимация рисовка графика
        визуал 作画 映像 アニメーション 작화 그림 画面 画质 animacja grafika""",
    "sound": """sound music soundtrack score/soundtrack audio ost sound design son musique
        bande son bande-son musik ton musica sonoro colonna sonora música sonido banda sonora
        som trilha sonora музыка звук саундтрек 音楽 音響 bgm 음악 사운드 音乐 音樂 配乐 muzyka
        müzik""",
    "voice acting": """voice acting voice cast voice actors acting performances performance
        seiyuu dub dubbing doublage synchro doppiaggio doblaje dublagem озвучка озвучивание
        声優 演技 성우 声优 配音 dubbing""",
    "pacing": "pacing rhythm rythme tempo ritmo темп テンポ 템포 节奏 節奏",
    "ending": "ending finale conclusion fin ende conclusão концовка 結末 결말 结局 結局",
    "enjoyment": """enjoyment fun entertainment personal enjoyment rewatchability
        rewatch value plaisir spaß divertimento diversión diversão удовольствие 面白さ 재미
        娱乐性""",
}
_MULTIWORD = {
    "series story",
    "episode story",
    "character design",
    "art style",
    "art and animation",
    "bande son",
    "colonna sonora",
    "banda sonora",
    "trilha sonora",
    "voice acting",
    "voice cast",
    "voice actors",
    "sound design",
    "personal enjoyment",
    "rewatch value",
}
for _aspect, _words in _ASPECT_WORDS.items():
    _text = " " + " ".join(_words.split()) + " "
    for _phrase in sorted(_MULTIWORD, key=len, reverse=True):
        if f" {_phrase} " in _text:
            ASPECT_LABELS[_phrase] = _aspect
            _text = _text.replace(f" {_phrase} ", " ")
    for _word in _text.split():
        ASPECT_LABELS.setdefault(_word, _aspect)

#: Sub-scores of a review that are neither the overall nor a known aspect but are
#: clearly ratings of one part of the work (disc extras, direction, editing...).
OTHER_ASPECT_LABELS = frozenset(
    [
        "direction",
        "editing",
        "cinematography",
        "casting",
        "effects",
        "worldbuilding",
        "extras",
        "video",
        "packaging",
        "presentation",
        "originality",
        "themes",
        "atmosphere",
        "value",
    ]
) | frozenset(
    ["production design", "world building", "fan service", "objective rating", "bonus features"]
)

#: Words that make a number someone else's score, not the reviewer's: another site,
#: its users, an audience ("MAL score 8.35", "User Rating 4 out of 5", "97% on Rotten
#: Tomatoes"). Such a number may be the page's site aggregate, never its review score.
OTHER_RATERS = (
    # critics' outlets, quoted by news of what critics say ("IGN: 9/10", "CBR: 4.5/5")
    "ign",
    "polygon",
    "cbr",
    "anime news network",
    "variety",
    "the guardian",
    "collider",
    "screen rant",
    "critics",
    "tomatometer",
    "metascore",
    "mal",
    "myanimelist",
    "imdb",
    "rotten tomatoes",
    "metacritic",
    "anilist",
    "kitsu",
    "anidb",
    "anime-planet",
    "animeplanet",
    "letterboxd",
    "bilibili",
    "b站",
    "豆瓣",
    "douban",
    "filmarks",
    "shikimori",
    "шикимори",
    "кинопоиск",
    "kinopoisk",
    "allociné",
    "allocine",
    "senscritique",
    "moviepilot",
    "filmweb",
    "čsfd",
    "csfd",
    "filmaffinity",
    "adorocinema",
    "animeclick",
    "naver",
    "네이버",
    "왓챠",
    "watcha",
    "관람객",
    "猫眼",
    "yahoo!映画",
    "user",
    "users",
    "user rating",
    "user score",
    "users'",
    "readers",
    "reader rating",
    "audience",
    "community",
    "fans",
    "viewers",
    "public",
    "visitors",
    "members",
    "mean score",
    "average rating",
    "avg rating",
    "avg. rating",
    "aggregate",
    "approval",
    "utilisateurs",
    "lecteurs",
    "nutzer",
    "leser",
    "utenti",
    "lettori",
    "usuarios",
    "usuários",
    "leitores",
    "пользователей",
    "зрителей",
    "ユーザー",
    "用户",
    "用戶",
    "網友",
    "网友",
    "유저",
)
#: A rater's name is a word of its own among spaced scripts' letters, but may be glued to
#: the words of a script written without spaces ("豆瓣评分", "MyAnimeList에서").
OTHER_RATERS_RE = _words_re(OTHER_RATERS)
#: "8.7 on MyAnimeList", "nota 8,7 no MyAnimeList", "4.1 sur AniList": a rater named
#: right after the number, behind a preposition of place.
RATER_AFTER_RE = re.compile(
    r"\s*(?:on|at|from|in|per|no|na|en|sur|auf|bei|su|di|от|на|по)\s+(?:the\s+)?"
    rf"(?:{_alternation(OTHER_RATERS)})(?![{SPACED_LETTERS}])",
    re.I,
)

#: Words that make a number a certificate, a count, a rank, a length or money.
NOT_A_SCORE = (
    # how hard, not how good: a recipe's or a game's difficulty
    "difficulty",
    "difficoltà",
    "dificultad",
    "difficulté",
    "schwierigkeit",
    "сложность",
    "難易度",
    "难度",
    "age rating",
    "industry age rating",
    "content rating",
    "certificate",
    "cert",
    "bbfc",
    "mpaa",
    "fsk",
    "pegi",
    "votes",
    "vote count",
    "reviews",
    "episodes",
    "episode",
    "eps",
    "ep",
    "chapters",
    "chapter",
    "volumes",
    "volume",
    "vol",
    "discs",
    "pages",
    "comments",
    "upvotes",
    "views",
    "rank",
    "ranked",
    "ranking",
    "place",
    "top",
    "no.",
    "tier",
    "minutes",
    "min",
    "hours",
    "years",
    "year",
    "yen",
    "million",
    "billion",
    "share",
    "viewership",
    "episódios",
    "épisodes",
    "episodi",
    "episodios",
    "folgen",
    "серий",
    "話",
    "集",
    "화",
    "位",
    "名",
)
NOT_A_SCORE_RE = re.compile(rf"(?<!\w)(?:{_alternation(NOT_A_SCORE)})(?!\w)", re.I)

#: Words before a score that make it hypothetical, hedged, negated or reported: the
#: rating a reviewer would have given, did not give, or quotes from someone else.
HEDGES = (
    "originally",
    "was going to",
    "were going to",
    "would have",
    "would give",
    "could have",
    "might",
    "if",
    "unless",
    "at best",
    "at most",
    "at least",
    "almost",
    "nearly",
    "instead of",
    "rather than",
    "doesn't get",
    "does not get",
    "don't give",
    "didn't get",
    "never",
    "not a",
    "not even",
    "hardly",
    "some viewers",
    "some people",
    "people",
    "others",
    "beneath",
    "reviews",
    "review gave",
    "gave it",
)
HEDGES_RE = re.compile(rf"(?<!\w)(?:{_alternation(HEDGES)})(?!\w)", re.I)

#: First-person verdict phrases that put a score in running prose ("I give this season a
#: seven out of ten", "It's a ten out of ten", "deserves a B", "A nota 6").
FIRST_PERSON_RE = re.compile(
    r"(?<!\w)(?:(?:i|we)(?:'d|’d| would|'ll|’ll| will)? (?:give|gave|rate|rated|score|scored)"
    r"|(?:i|we)(?:'d|’d| would)? (?:put|place) (?:it|this|the \w+) at"
    r"|i'm giving|i am giving|(?:it|this|that)(?:'s|’s| is| was) (?:a|an)|deserves (?:a|an|its)"
    r"|gets (?:a|an)|earns (?:a|an)|my (?:score|rating|grade|verdict)|final (?:score|grade)"
    r"|a nota|la note|die note|il voto|la nota|je (?:lui )?donne|ich gebe|do[uy] (?:um|una?)"
    r"|(?:gli|le) do|(?:le|les) doy|(?:dou|dei) (?:nota|um)|我给"
    r"|ставлю|моя оценка)(?!\w)",
    re.I,
)
#: "... was a solid 8", "is an easy 9/10": a bare "was a"/"is an" is a verdict only right
#: before the score (one word between at most); "was a hit, scoring 8/10 in our review" is
#: a report.
VERDICT_COPULA_RE = re.compile(r"(?<!\w)(?:was|is) an?\s+(?:[^\W\d_]+\s+)?$", re.I)

#: Words of praise or blame that a headline says of its anime after "is" ("Urusei Yatsura
#: (2022) Is Amazing", "Frieren Is Peak"): no part of the name, in Title Case too.
VERDICT_ADJECTIVES = frozenset(
    [
        "amazing",
        "great",
        "awesome",
        "incredible",
        "fantastic",
        "phenomenal",
        "brilliant",
        "wonderful",
        "overrated",
        "underrated",
        "underappreciated",
        "peak",
        "perfect",
        "excellent",
        "beautiful",
        "terrible",
        "awful",
        "bad",
        "good",
        "masterpiece",
        "boring",
        "disappointing",
        "mid",
        "trash",
        "outstanding",
        "essential",
        "unmissable",
    ]
)
_COPULAS = r"(?:is|are|was|were|isn't|remains)"
#: "X is Amazing", "X Is Still Overrated": the copula and the verdict after a name.
SAYS_VERDICT_RE = re.compile(
    rf"\s+{_COPULAS}\s+(?:(?:still|so|truly|really|simply|just|an?|the)\s+)*"
    rf"(?:{_alternation(VERDICT_ADJECTIVES)})\b",
    re.I,
)

#: A leading article or possessive, in the languages read ("The story", "la recensione",
#: "my review"): set aside before a phrase is compared with a list of words.
LEADING_ARTICLE_RE = re.compile(
    r"^(?:the|a|an|my|our|le|la|les|lo|il|el|los|der|die|das|o|minha|mia|ma|mon)\s+", re.I
)

#: Words in a headline that say the page is a review of what it names.
REVIEW_WORDS = (
    "review",
    "reviews",
    "reviewed",
    "anime review",
    "film review",
    "film reviews",
    "movie review",
    "blu-ray review",
    "dvd review",
    "premiere review",
    "first impressions",
    "first impression",
    "first look",
    "impressions",
    "thoughts",
    "recap",
    "recensione",
    "recensão",
    "resenha",
    "reseña",
    "análisis",
    "análise",
    "đánh giá",
    "รีวิว",
    "รีวิวอนิเมะ",
    "مراجعة",
    "crítica",
    "critique",
    "kritik",
    "rezension",
    "рецензия",
    "обзор",
    "отзыв",
    "レビュー",
    "感想",
    "评测",
    "影评",
    "观后感",
    "리뷰",
    "후기",
    "recenzja",
    "inceleme",
    "incelemesi",
    "yorum",
    "recenze",
    "ulasan",
    "primeiras impressões",
    "premières impressions",
    "erste eindrücke",
    "prime impressioni",
    "primeras impresiones",
    "первые впечатления",
    "finished watching",
    "recensie",
    "mon avis sur",
    "notre avis sur",
    "bespreking",
    "arvostelu",
    "recenzia",
    "recenzie",
    "κριτική",
    "ביקורת",
    "समीक्षा",
    "心得",
    "感想文",
)
REVIEW_WORDS_RE = re.compile(rf"(?<!\w)(?:{_alternation(REVIEW_WORDS)})(?!\w)", re.I)

#: Words in a headline that say the page reviews several shows (a season's roundup, a
#: ranking, first impressions of a season).
ROUNDUP_WORDS = (
    "season",
    "seasonal",
    "digest",
    "roundup",
    "round-up",
    "wrap-up",
    "wrap up",
    "mid-season",
    "midseason",
    "ranking",
    "rankings",
    "ranked",
    "tier list",
    "top",
    "best",
    "worst",
    "premieres",
    "what we're watching",
    "winter",
    "spring",
    "summer",
    "fall",
    "autumn",
    "bilan",
    "saison",
    "temporada",
    "stagione",
    "rückblick",
    "staffel",
    "herbst",
    "frühling",
    "sommer",
    "classificação",
    "classement",
    "najlepszych",
    "sezonu",
    "sezonunda",
    "春アニメ",
    "夏アニメ",
    "秋アニメ",
    "冬アニメ",
    "新番",
    "本季",
    "分기",
    "신작",
    "시즌",
    "看什么",
    "期待度",
    "まとめ",
    "первые впечатления",
    "итоги",
)
ROUNDUP_WORDS_RE = re.compile(rf"(?<!\w)(?:{_alternation(ROUNDUP_WORDS)})(?!\w)", re.I)

#: Studios and companies whose name is only ever an anime's: a page naming one is about
#: anime, and a heading naming one is a section about the studio, not an anime reviewed.
ANIME_COMPANIES = (
    "mappa",
    "madhouse",
    "ufotable",
    "kyoto animation",
    "toei animation",
    "production i.g",
    "wit studio",
    "cloverworks",
    "a-1 pictures",
    "sunrise",
    "studio trigger",
    "shaft",
    "david production",
    "bones",
    "j.c.staff",
    "p.a. works",
    "kinema citrus",
    "aniplex",
    "toho animation",
    "science saru",
    "studio pierrot",
    "tms entertainment",
    "studio deen",
    "doga kobo",
    "lerche",
    "silver link",
    "white fox",
    "comix wave",
    "liden films",
    "lidenfilms",
    "studio bind",
    "bandai namco pictures",
    "sentai filmworks",
    "hidive",
)

#: Words that a page about anime nearly always holds somewhere; a page with none of them
#: (and no catalog title) is about something else.
ANIME_WORDS = (
    "anime",
    "animé",
    "animes",
    "animés",
    "аниме",
    "アニメ",
    "动画",
    "動畫",
    "动漫",
    "動漫",
    "番剧",
    "新番",
    "애니",
    "애니메이션",
    "อนิเมะ",
    "อนิเม",
    "أنمي",
    "انمي",
    "ova",
    "ona",
    "manga",
    "mangá",
    "манга",
    "漫画",
    "seiyuu",
    "studio ghibli",
    *ANIME_COMPANIES,
    "simulcast",
    "trigger",
    "miyazaki",
    "crunchyroll",
    "funimation",
    "myanimelist",
    "light novel",
    "isekai",
    "shonen",
    "shounen",
    "shojo",
    "shoujo",
    "seinen",
    "mecha",
)
#: Episode words: a page about anime holds them, and so does one about a TV drama.
EPISODE_WORDS = (
    "episode",
    "episodes",
    "épisode",
    "episódio",
    "episodio",
    "folge",
    "серия",
    "bölüm",
    "odcinek",
)
#: The anime words that name the medium itself (no episode word): what a page about
#: another medium lacks.
ANIME_MEDIUM_RE = _words_re(ANIME_WORDS)
ANIME_WORDS_RE = _words_re(ANIME_WORDS + EPISODE_WORDS)
ANIME_SCRIPT_WORDS = re.compile(r"アニメ|话|話|集|动画|動畫|番|애니|화")

#: Words that name another medium than anime: a video game's platforms and parts, a
#: live-action film, a Korean or Chinese drama. A page holding some of these and none of
#: ``ANIME_WORDS`` is about that medium, whatever its headline's "Review" says.
OTHER_MEDIUM_RE = re.compile(
    r"(?<!\w)(?:video ?games?|gameplay|playthrough|dlc|playstation(?: \d)?|ps[345]|xbox"
    r"|nintendo switch|steam deck|live[- ]action|k-?dramas?|korean drama|c-?dramas?"
    r"|chinese drama|j-?dramas?|jeu vidéo|videojuego|videogioco|videospiel"
    r"|드라마|电视剧|ドラマ)(?!\w)",
    re.I,
)

_PRINT = (
    r"manga|manhwa|manhua|webtoon|light novel|novel|comics?|visual novel|video ?game|game"
    r"|jeu vidéo|videojuego|videogioco|videospiel|манги|манга|ранобэ|ранобе"
)
_REVIEWING = r"review|reseña|recensione|critique|recensão|resenha|rezension|recenzja|обзор|рецензия"
_SCREEN = (
    r"anime|animé|аниме|ova|ona|episodes?|épisode|episodio|episódio|folge|серия|эпизод|season"
    r"|saison|staffel|temporada|stagione|сезон|sezon|tv|film|movie|adaptation|adaptación"
    r"|blu-ray|bluray|dvd|bd|box set"
)
#: A headline that names what it reviews as a print work or a game ("Chainsaw Man Volume 12
#: Manga Review", "Reseña manga: ...", "ラノベ感想", "Vol. 3", "第12巻"), with no word of a
#: screen work beside it (``SCREEN_WORK_RE``): the page reviews another medium.
REVIEWED_MEDIUM_RE = re.compile(
    rf"(?<!\w)(?:(?:{_PRINT})(?:\s+(?:vol(?:ume)?\.?\s*\d+|tomo \d+))?\s+(?:{_REVIEWING})"
    rf"|(?:{_REVIEWING})\s*(?:du |del |de |of the |dello |della |de la )?(?:{_PRINT})"
    r"|(?:vol\.|volume|tomo|tome|band|том|tập|cilt)\s*\d+)(?!\w)"
    r"|第?\d+[巻卷]|\d+권|(?:漫画|マンガ|ラノベ|ライトノベル|小説|原作|コミックス|만화|웹툰|소설|漫畫|小说|轻小说|輕小說)"
    r"\s*(?:感想|レビュー|리뷰|후기|心得|评测)",
    re.I,
)
#: Words of a screen work: a headline holding one is about the anime, whatever print
#: words it also holds ("Chainsaw Man anime vs manga").
SCREEN_WORK_RE = re.compile(
    rf"(?<!\w)(?:{_SCREEN})(?!\w)|アニメ|动画|動畫|애니|第\d+[話话集]|\d+화", re.I
)

#: Words that say a page is a site's rating scale ("My Ratings system", "Our Grading
#: System", "How I See My Ratings", "Criteria for reviews", "Ratings Scale").
SCALE_PAGE_RE = re.compile(
    r"(?<!\w)(?:rating|ratings|grading|scoring|score|review)\s+(?:system|scale|criteria|policy)"
    r"|(?:criteria|system) (?:for|of) (?:reviews|ratings|rating)|how i (?:see|rate|score)"
    r"|how (?:we|i) (?:rate|score|grade)|(?:star )?ratings? explained"
    r"|our (?:scores|ratings) explained"
    r"|système de notation|barème(?: de notation)?|bewertungssystem|bewertungsskala"
    r"|sistema de (?:avaliação|puntuación|notas|valoración)|sistema di valutazione"
    r"|система оценок|шкала оценок|skala ocen"
    r"|評価基準|评分标准|평가 기준",
    re.I,
)

#: Words of a news article's report, in the languages read: an announcement, a trailer,
#: a date set, box office. Matched as words in spaced scripts (Latin, Greek, Cyrillic) and
#: anywhere in the others ("PVが公開された", "官方宣布", "제작 확정").
NEWS_WORDS = (
    # English
    "announced", "announces", "revealed", "confirmed", "unveiled", "premiere date",
    "will premiere", "will air", "to air", "trailer", "teaser", "key visual", "box office",
    "according to", "source:", "reviews are in", "critics call", "critics say",
    "critics praise", "critics are", "critics are saying", "winners", "nominees",
    "nominated", "highest-rated", "grossed", "press release", "copies sold",
    "in theaters on", "in theaters this",
    # Spanish, Portuguese
    "anunció", "anunciado", "anunciada", "anunciou", "tráiler", "fecha de estreno",
    "se estrenará", "taquilla", "data de estreia", "bilheteria", "bilheteira",
    "bate recorde", "revelou", "confirmou",
    # French, Italian, German
    "annoncé", "annoncée", "bande-annonce", "date de sortie", "box-office", "dévoilé",
    "dévoilée", "annunciato", "annunciata", "data di uscita", "botteghino", "incassi",
    "angekündigt", "starttermin", "kinostart", "enthüllt",
    # Russian, Polish, Turkish
    "объявил", "объявила", "объявлено", "анонсирован", "анонсировала", "анонсировали",
    "трейлер", "тизер", "дата премьеры", "кассовые сборы", "zwiastun", "zapowiedź",
    "data premiery", "poinformował", "poinformowała", "ogłosił", "ogłoszono",
    "açıklandı", "duyurdu", "fragman", "vizyon tarihi", "yayın tarihi", "gişe",
    # Indonesian, Vietnamese
    "diumumkan", "mengumumkan", "tanggal tayang", "công bố", "công chiếu", "doanh thu",
    "phòng vé",
    # Arabic, Thai
    "أعلنت", "أعلن", "الإعلان عن", "الإعلان الترويجي", "موعد عرض", "شباك التذاكر",
    "ประกาศ", "ตัวอย่างใหม่", "เข้าฉาย",
    # Japanese, Chinese, Korean
    "発表", "公開", "発売", "放送決定", "制作決定", "ティザービジュアル", "キービジュアル",
    "宣布", "定档", "定檔", "票房", "官宣", "预告", "預告", "发布了", "發布了",
    "제작 확정", "밝혔다", "공개", "티저", "예고편", "박스오피스",
)  # fmt: skip
NEWS_WORDS_RE = _words_re(NEWS_WORDS)

#: Topic headings a single review is divided by; a section with such a heading is part
#: of the review, never a roundup's entry.
TOPIC_HEADINGS = frozenset(
    [
        "introduction",
        "intro",
        "synopsis",
        "summary",
        "plot",
        "story",
        "characters",
        "animation",
        "art",
        "visuals",
        "sound",
        "music",
        "audio",
        "soundtrack",
        "voice",
        "acting",
        "dub",
        "acting",
        "verdict",
        "final",
        "verdict",
        "conclusion",
        "conclusions",
        "overall",
        "final",
        "thoughts",
        "thoughts",
        "review",
        "comments",
        "comment",
        "spoilers",
        "spoiler",
        "warning",
        "pros",
        "cons",
        "highs",
        "lows",
        "the",
        "good",
        "the",
        "bad",
        "what",
        "is",
        "it?",
        "what's",
        "good",
        "about",
        "it?",
        "what's",
        "bad",
        "about",
        "it?",
        "bottom",
        "line",
        "vital",
        "stats",
        "details",
        "info",
        "information",
        "credits",
        "cast",
        "staff",
        "episodes",
        "extras",
        "video",
        "packaging",
        "direction",
        "pacing",
        "ending",
        "enjoyment",
        "recommendation",
        "recommended",
        "similar",
        "related",
        "trailer",
        "gallery",
        "tags",
        "share",
        "related",
        "posts",
        "leave",
        "a",
        "comment",
        "résumé",
        "synopsis",
        "conclusion",
        "verdict",
        "fazit",
        "inhalt",
        "handlung",
        "conclusione",
        "trama",
        "sinossi",
        "conclusión",
        "sinopsis",
        "argumento",
        "conclusão",
        "sinopse",
        "enredo",
        "итог",
        "сюжет",
        "вывод",
        "あらすじ",
        "感想",
        "総評",
        "まとめ",
        "줄거리",
        "총평",
        "剧情",
        "总结",
        "简介",
    ]
) | frozenset(
    [
        "voice acting",
        "final verdict",
        "final thoughts",
        "the good",
        "the bad",
        "bottom line",
        "vital stats",
        "leave a comment",
        "related posts",
        "what is it?",
        "what's good about it?",
        "what's bad about it?",
        "plot overview",
        "spoiler summary/synopsis:",
        "thoughts/review",
    ]
)

#: Words of a season roundup's headline ("Winter 2020 Anime", "temporada de inverno 2025",
#: "automne 2023", "Herbst 21", "2023春アニメ"): two of them make a phrase a season's
#: or a list's title, not an anime's name.
SEASON_WORDS_RE = re.compile(
    r"(?<!\w)(?:winter|spring|summer|fall|autumn|season|seasonal|anime|animes|animé|animés"
    r"|inverno|primavera|verão|outono|invierno|verano|otoño|hiver|printemps|été|automne"
    r"|inverno|estate|autunno|winter|frühling|sommer|herbst|zima|wiosna|lato|jesień|зима|весна"
    r"|лето|осень|temporada|saison|stagione|staffel|sezon|sezonu|сезон|premieres|premiere"
    r"|top|best|worst|ranking|rankings|list|ten|essential|\d0s|'\d0s|аниме)(?!\w)"
    # Russian and Polish seasons as their cases inflect them ("весеннего аниме-сезона")
    r"|(?<!\w)(?:весенн|летн|осенн|зимн|сезон|wiosenn|letni|jesienn|zimow)\w*"
    r"|(?<!\d)(?:19|20)\d\d(?!\d)"
    r"|bahar|yaz|kış|sonbahar|sezonunda|animeler|en iyi"
    r"|[春夏秋冬]アニメ|新番|\d{4}年|アニメ|新作|분기|신작|本周|本季|今季|推荐|盘点|看什么|[春夏秋冬]番",
    re.I,
)


def is_roundup_phrase(text: str) -> bool:
    """Whether a headline's phrase names a season or a list rather than an anime."""
    return len(SEASON_WORDS_RE.findall(text)) >= 2


#: Labels of the facts box a review or a database page opens with ("Director:", "Age
#: Rating:", "Format:", "Redator:"): a line "Label: value" with such a label is a fact,
#: never a roundup entry's name. Matched on the label's last one or two words.
INFOBOX_LABELS = frozenset(
    [
        *[
            "director",
            "directors",
            "writer",
            "writers",
            "screenplay",
            "studio",
            "studios",
            "genre",
            "genres",
            "format",
            "author",
            "authors",
            "distributor",
            "runtime",
            "length",
            "duration",
            "episodes",
            "title",
            "starring",
            "stars",
            "cast",
            "music",
            "composer",
            "year",
            "type",
            "source",
            "synopsis",
            "summary",
            "country",
            "language",
            "network",
            "aired",
            "premiered",
            "broadcast",
            "producer",
            "producers",
            "keywords",
            "tags",
            "licensor",
            "reviewer",
            "posted",
            "published",
            "redator",
            "autor",
            "auteur",
            "réalisateur",
            "réalisation",
            "scénario",
            "durée",
            "sortie",
            "diffusion",
            "regie",
            "regisseur",
            "drehbuch",
            "erscheinungsdatum",
            "laufzeit",
            "regista",
            "durata",
            "uscita",
            "dirección",
            "duración",
            "estreno",
            "direção",
            "duração",
            "estreia",
            "lançamento",
            "режиссёр",
            "студия",
            "жанр",
            "длительность",
            "премьера",
            "監督",
            "制作",
            "放送",
            "原作",
            "ジャンル",
            "話数",
            "关键词",
            "片长",
            "观看渠道",
            "读原著",
            "导演",
            "类型",
            "notables",
            "highs",
            "lows",
            "certificate",
            "rated",
        ],
        "directed by",
        "written by",
        "created by",
        "release date",
        "age rating",
        "run time",
        "number of discs",
        "original title",
        "romanized title",
        "voice cast",
        "review date",
        "what's it about?",
        "de quoi ça parle",
        "animation studio",
    ]
)

#: Lines of a page's furniture around its content: navigation, blog metadata, calls to
#: read or share; never a headline, a heading or an entry's name.
FURNITURE_RE = re.compile(
    r"^\W*(?:jump to content|skip to|menu|home|search|rss|hint:|image|inline image|share"
    r"|follow us|posted in|posted by|filed under|leave a comment|read more|read the full"
    r"|continue reading|click here|subscribe|advertisement|related posts|tags?:|categor(?:y|ies):"
    r"|\d+ comments?|comments?$|no comments|todavía no hay comentarios|comentários$"
    r"|commentaires?$|kommentare$|yorum yap|sign in|log in)"
    r"|.{0,30}(?:(?:に|へ)戻る\W*$|トップページ|ホームへ|返回|首页|목록으로|펼치기|접기|더보기)",
    re.I,
)

#: The separators of a menu flattened into one line ("Reviews | Seasonal | Light Novels",
#: "Reviews  Essays  Podcast", "Home · News · Reviews").
_MENU_SEPARATOR = re.compile(r"\s+[|·•/]\s+|\s{2,}")
#: A menu has at least this many items, each of at most ``MENU_ITEM_WORDS`` words.
MENU_MIN_ITEMS = 3
MENU_ITEM_WORDS = 3


def is_menu_line(text: str) -> bool:
    """A line that is a site's menu flattened by a crawler: three or more short items
    between separators, none holding a number."""
    items = [i for i in _MENU_SEPARATOR.split(text.strip()) if i.strip()]
    return len(items) >= MENU_MIN_ITEMS and all(
        len(i.split()) <= MENU_ITEM_WORDS and not re.search(r"\d", i) for i in items
    )


#: A byline or a credit line: "By Jane Doe", "Review by kenji", "Music by Joe Hisaishi" (a
#: "by" inside a name is the name's: "Show by Rock!!", "Stand By Me Doraemon"); in other languages
#: a capitalised name follows ("Par Camille Laurent, le 20 janvier", "Von Jonas Weber am").
CREDIT_RE = re.compile(
    r"^\s*(?:By\s|(?:(?:a\s+)?(?:review|reviewed|written|posted|published|directed|produced"
    r"|animated|music|screenplay|story|art|illustrated|translated|edited|composed|created"
    r"|photo|photos|image|images)\s+by\s+\S)"
    r"|(?-i:(?:Par|Von|Por|Door|Przez|Автор:?)\s+[A-ZÀ-ÖØ-ÞА-Я][\w'’-]+\s+[A-ZÀ-ÖØ-ÞА-Я]))",
    re.I,
)

#: A character of a script written without spaces (kana, CJK ideographs, hangul).
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


#: Words that say what a rung of a rating scale means ("10 – Masterpiece", "★★ Mediocre",
#: "***** Five Stars", "C: Average"): a line opening with a score and going on with one
#: of these describes the score; one going on with a name rates that anime.
QUALITY_WORDS = (
    "essential",
    "exceptional",
    "sublime",
    "incredible",
    "terrific",
    "wonderful",
    "brilliant",
    "legendary",
    "unmissable",
    "enjoyable",
    "fair",
    "satisfactory",
    "acceptable",
    "passable",
    "so-so",
    "flawed",
    "weak",
    "forgettable",
    "disappointing",
    "dire",
    "painful",
    "worth watching",
    "worth a look",
    "not worth",
    "masterpiece",
    "perfect",
    "flawless",
    "excellent",
    "outstanding",
    "amazing",
    "fantastic",
    "superb",
    "great",
    "very good",
    "good",
    "solid",
    "decent",
    "fine",
    "okay",
    "ok",
    "average",
    "above average",
    "below average",
    "mediocre",
    "meh",
    "watchable",
    "bad",
    "poor",
    "very bad",
    "terrible",
    "awful",
    "horrible",
    "appalling",
    "abysmal",
    "dreadful",
    "unwatchable",
    "garbage",
    "trash",
    "crap",
    "godawful",
    "must watch",
    "must-watch",
    "must see",
    "must-see",
    "recommended",
    "not recommended",
    "highly recommended",
    "skip",
    "avoid",
    "classic",
    "stars",
    "star",
    "points",
    "out of",
    "étoiles",
    "sterne",
    "estrellas",
    "estrelas",
    "chef-d'œuvre",
    "chef-d’œuvre",
    "très bien",
    "bien",
    "moyen",
    "mauvais",
    "nul",
    "meisterwerk",
    "sehr gut",
    "gut",
    "mittelmäßig",
    "schlecht",
    "obra maestra",
    "obra-prima",
    "excelente",
    "muy bueno",
    "bueno",
    "regular",
    "malo",
    "ótimo",
    "bom",
    "ruim",
    "capolavoro",
    "ottimo",
    "buono",
    "pessimo",
    "шедевр",
    "отлично",
    "хорошо",
    "средне",
    "плохо",
    "神作",
    "傑作",
    "名作",
    "良作",
    "佳作",
    "普通",
    "凡作",
    "駄作",
    "神作",
    "명작",
    "수작",
    "평작",
    "망작",
    "졸작",
)
QUALITY_RE = re.compile(rf"(?<!\w)(?:{_alternation(QUALITY_WORDS)})(?!\w)", re.I)
