"""Anime names as pages write them in headlines, headings and addresses.

Three readings, each a shape of how pages are written, never a site's wording:

- ``headline_subject``: the anime a headline or title line says the page is
  about, with the review or impressions wording around it removed ("X
  Review", "Review: X", "[Review] X", "Review of X", "X – Episode 5", "X first
  impressions", "X 1話 感想", "Critique : X", "Blu-ray Review “X”").
- ``episode_in``: the episode number a line names, in every common form
  ("Episode 5", "Ep. 05", "#5", "第5話", "第十二話", "Épisode 5", "5. Folge", "ตอนที่ 7",
  "الحلقة 5", "X – 03").
- ``slug_words``: the words of an address's last meaningful path segment
  ("/frieren-beyond-journeys-end-episode-12-review" -> frieren beyond
  journeys end episode 12 review).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date
from urllib.parse import unquote, urlparse

from kansou.extract.general.vocabulary import REVIEW_WORDS_RE, SAYS_VERDICT_RE, is_roundup_phrase
from kansou.extract.patterns import CJK_NUMERAL, cjk_number

#: The longest name a heading or headline is read as (characters); longer is prose.
NAME_MAX_CHARS = 120
NAME_MAX_WORDS = 16

_EPISODE_WORD = (
    r"(?:episode|episodes|ep\.?|eps\.?|épisode|episódio|episodio|folge|серия|серии|серию|эпизод|эпизода|odcinek|bölüm"
    r"|afl\.?|aflevering|epizod|tập|capítulo|capitulo|cap\.?)"
)
#: "Episode 5", "Ep. 05", "Épisode 12", "Folge 3", "Серия 4"; "5. Folge", "8. bölüm"
#: ("Episodes 1-4" is a run of episodes, no one episode).
EPISODE_NUMBER = re.compile(
    rf"(?<!\w){_EPISODE_WORD}\s*[#:.]?\s*(?P<n>\d{{1,4}})(?!\d|\s*[-–~]\s*\d)"
    rf"|(?<!\w)(?P<n2>\d{{1,4}})\s*(?:\.|º|ª|-?я)?\s*(?:episode|folge|bölüm|серия|эпизод|odcinek)"
    r"(?!\w|\s*[#:.]?\s*\d)"  # "season 2 episode 3": the number after the word is the episode
    rf"|第\s*(?P<n3>\d{{1,4}}|{CJK_NUMERAL})\s*[話话集回]|(?<!\d)(?P<n4>\d{{1,4}})\s*[話话화](?!\w)"
    r"|(?:ตอนที่|ตอน)\s*(?P<n8>\d{1,4})|(?<!\w)(?:ال)?حلقة\s*(?P<n9>\d{1,4})"
    r"|(?<!\w)(?:s\d{1,2})?e(?P<n5>\d{1,4})(?!\w)|(?<!\w)\d{1,2}x(?P<n6>\d{2,4})(?!\w)"
    # "Frieren #5"; "Is It Still #1?", "the #1 anime": a rank
    r"|(?<=\w)(?<!\bis)(?<!\bstill)(?<!\bthe)(?<!\bwas)(?<!\bbe)(?<!\bnow)(?<!\bat)"
    r"\s+#(?P<n7>\d{1,4})(?!\d|\s*\?)",
    re.I,
)
#: A name ending in a bare episode number behind a dash ("Kimi ni Todoke – 03").
TRAILING_NUMBER = re.compile(r"\s+[-–—]\s+(?P<n>\d{1,4})\s*$")
_SEASON = re.compile(
    r"(?<!\w)(?:season|saison|temporada|stagione|staffel|сезон|sezon)\s*(?P<n>\d{1,2})(?!\d)"
    r"|(?<!\w)(?P<n2>\d{1,2})(?:st|nd|rd|th)\s+season(?!\w)|(?<!\w)s(?P<n3>\d{1,2})(?!\w)",
    re.I,
)

_QUOTED = re.compile(r"[“„\"«《「『]\s*(?P<name>[^“”„\"«»《》「」『』]{2,120}?)\s*[”“\"»》」』]")
#: Words between a review word and the name it introduces ("Review of X", "Review on X").
_INTRODUCING = re.compile(
    r"^\s*(?:(?:of|for|on|de|di|du|des|del|на|zu|von)(?!\w)|:|[-–—|~]+)\s*", re.I
)
#: A headline's tagline after the name ("X Review – A sci-fi anime that loses its way").
_TAGLINE = re.compile(r"^\s*(?:[:\-–—|~]+|\(|\[)")
#: "X reviews are in", "X reviews praise its animation": a headline that reports what
#: others' reviews say, news about reviews and no review of its own.
_REVIEWS_REPORTED = re.compile(
    r"^\s+(?:are|were|is|have|has|say|says|said|praise|praises|call|calls|hail|hails|pour"
    r"|roll|arrive|arrived|land|landed|agree|suggest|show)\b",
    re.I,
)
#: What ends a name that follows its review word: the site after a bar, or a tagline
#: after a dash that goes on in lower case ("Review: Dandadan – a wild ride"); a
#: capitalised run after a dash may be the name's own ("Re:Zero − Starting Life in...").
_AFTER_NAME = re.compile(r"\s+\|\s.*$|\s+[-–—]\s+(?=[a-z]).*$")
#: Words a headline puts between the name and "review" that describe the review, not
#: the anime ("X Anime Review", "X Movie Review", "X Premiere Review", "X Season 1 Review").
_REVIEW_MODIFIERS = re.compile(
    r"(?<!stagione)(?<!saison)(?<!temporada)"  # "Stagione finale" is the final season's name
    r"(?:\s+|^|(?=[:|~,]))(?:anime|movie|film|blu-?ray|dvd|tv|series|premiere|first|completed|complete|full"
    r"|final|spoiler-free|spoiler|season\s+1|s1|part\s+1|(?:season\s+|series\s+)?finale|and|&|\+|\(\s*(?:end|final|finale)\s*\)"
    r"|retrospective|in-depth|belated|honest|rewatch|quick|mini|short|brief|series-end"
    r"|[-–—:|~,]+\s*(?:an?|the|my|our|la|le|il|lo|el|o|die|der|das|unsere|notre|nostra"
    r"|nuestra|minha|mia|ma|mon|mein|meine)|\(|\[|[-–—:|~,]+)\s*$",
    re.I,
)
#: "[Anime Review] X", "[애니 리뷰] X", "【动画评测】X": a bracketed tag that says review, then
#: the name.
_REVIEW_TAG = re.compile(r"^\s*[\[【〔(](?P<tag>[^\]】〕)]{1,30})[\]】〕)]\s*(?P<rest>\S.*)$")
#: "Finished X — my review", "Just watched X: thoughts": the verb of having watched is no
#: part of the name it opens.
_WATCHED = re.compile(
    r"^\s*(?:i\s+)?(?:just\s+)?(?:finished|watched|rewatched|completed|binged)"
    r"(?:\s+watching)?\s+(?=\S)",
    re.I,
)
#: A word for the kind of work between a review word and the name it introduces.
_KIND_WORD = re.compile(
    r"\s*(?:the\s+)?(?:(?:anime|manga|movie|film|series|أنمي|انمي|الأنمي)\s+|(?:อนิเมะ|อนิเม)\s*)(?=\S)",
    re.I,
)
#: "Is Vinland Saga worth it? My honest review", "Should you watch Pluto?", "Why you
#: should watch Pluto", "Why Pluto is the best anime of 2023": a headline that asks or
#: argues about one anime names it inside the question.
_QUESTION = re.compile(
    r"^\s*(?:(?:is|are)\s+(?P<worth>.+?)\s+(?:still\s+|really\s+)?worth\s+(?:it|watching"
    r"|the hype|your time|a watch)\b|should\s+(?:you|i)\s+(?:watch|skip)\s+(?P<watch>[^?]+?)\s*\?"
    r"|why\s+you\s+(?:should|need\s+to|must)\s+watch\s+(?P<must>[^?.!]+?)"
    r"(?:\s+(?:this|next)\s+(?:year|season|week)|\s+(?:now|today|in\s+\d{4}))?\s*(?:[?.!]|$)"
    r"|why\s+(?P<why>[^?]{1,80}?)\s+(?-i:is|was|remains|became)\s+(?-i:the|a|an|so|still|one)\b)",
    re.I,
)
#: Fields that name the work ("Movie: Spirited Away", "Title: Steins;Gate").
_NAME_FIELD = re.compile(
    r"^(?:movie|film|anime|anime title|title|series|show|série|serie|titre|titel|titolo|título"
    r"|название|作品名|タイトル|作品)"
    r"\s*:\s*(?P<name>.+)$",
    re.I,
)
#: "List of Overlord episodes", "List of Frieren characters": a database list about X.
_LIST_OF = re.compile(
    r"^list of (?P<name>.+?) (?:episodes|characters|chapters|volumes|seasons)(?:\s*\(.*\))?$",
    re.I,
)
#: A byline or rating glued after a name ("Card captor Sakura Written by Warpshadow").
_NAME_STOP = re.compile(
    r"\s+(?:written by|reviewed by|by|posted by|rating|score|verdict|grade)\b.*$", re.I
)
#: Characters around a name that are not part of it (str.strip: linear on any input).
_LEADING_DECORATION = " \t\n-–—:|•*#►▶✿★☆.,])】〕"
_TRAILING_DECORATION = " \t\n-–—:|•*►▶✿.,[(【〔"
_BRACKETED_KIND = re.compile(
    r"\s*[(\[](?:anime|manga|film|movie|tv|ova|ona|spoilers?|contains spoilers|has spoiler-content"
    r"|no spoilers|spoiler[- ]free|review|reviews)[)\]]\s*",
    re.I,
)


@dataclass(frozen=True)
class HeadlineSubject:
    """What a headline names: the anime, the episode, and whether it says "review"."""

    name: str
    start: int
    end: int
    episode: int | None
    says_review: bool


def fold(text: str) -> str:
    """Case, accents, punctuation and spacing folded: how two spellings are compared."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^\w]+", " ", text.casefold())
    return " ".join(text.split())


#: "date 2017-01-11 Mushishi": a page's date glued before the name in its headline.
_LEADING_DATE = re.compile(
    r"^\s*(?:(?:date|posted|published|updated)\s*:?\s*)?\d{4}-\d{2}-\d{2}"
    r"(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s+(?=\S)",
    re.I,
)


#: "【アニメ感想】X", "【2024秋アニメ】X": a short lenticular-bracketed tag before a name is
#: the post's category, not part of the name, when it holds a category's word or a date
#: (a name alone in 【】 is kept, and so is a title written in them: "【推しの子】第2期").
_LEADING_TAG = re.compile(
    r"^\s*【(?=[^【】]*(?:感想|アニメ|レビュー|評価|ネタバレ|考察|まとめ|速報|ニュース|おすすめ|特集"
    r"|新番|新作|动画|动漫|動畫|评测|影评|观后感|리뷰|후기|애니|\d|[春夏秋冬]))[^【】]{1,12}】\s*(?=\S)"
)

#: "Spirited Away 2001": a bare release year after the name, a year films have been
#: released in (a future year is part of the name: "Tokyo 2040", "Yamato 2199"). A year in
#: brackets stays, as catalogs write it to tell a remake ("Hunter x Hunter (2011)").
_RELEASE_YEAR = re.compile(r"(?<=\w)[\s,]+(?P<y>19[1-9]\d|20\d\d)$")
LATEST_RELEASE_YEAR = date.today().year + 1


def without_release_year(name: str) -> str:
    m = _RELEASE_YEAR.search(name)
    return name[: m.start()] if m and int(m.group("y")) <= LATEST_RELEASE_YEAR else name


def clean_name(text: str) -> str:
    """A name without surrounding quotes, bullets, separators, a leading 【tag】 or a
    bracketed kind word; the title marks of Chinese and Japanese (《咒术回战》第二季) are
    dropped, their words kept."""
    name = _LEADING_DATE.sub("", text[: 4 * NAME_MAX_CHARS])
    name = _BRACKETED_KIND.sub(" ", _LEADING_TAG.sub("", name))
    if re.search(r"[《「『]", name) and not re.fullmatch(r"\s*[《「『][^》」』]*[》」』]\s*", name):
        name = re.sub(r"[《》「」『』]", " ", name)
    name = name.lstrip(_LEADING_DECORATION).rstrip(_TRAILING_DECORATION).strip()
    if len(name) >= 2 and name[0] in "“„\"«《「『'" and name[-1] in "”“\"»》」』'":
        name = name[1:-1].strip()
    return " ".join(name.split())


def headline_subject(text: str) -> HeadlineSubject | None:
    """The anime a headline says the page is about, or None when it names none."""
    line = text.strip()
    if not line or len(line) > 2 * NAME_MAX_CHARS:
        return None
    if m := _NAME_FIELD.match(line):
        return _named(line, m.group("name"), m.start("name"), False)
    if m := _LIST_OF.match(line):
        return _named(line, m.group("name"), m.start("name"), False)
    review = REVIEW_WORDS_RE.search(line)
    if (m := _REVIEW_TAG.match(line)) and REVIEW_WORDS_RE.search(m.group("tag")):
        rest, at = m.group("rest"), m.start("rest")  # "[애니 리뷰] X"
        quoted = _QUOTED.match(rest)
        if quoted and (
            found := _named(line, quoted.group("name"), at + quoted.start("name"), True)
        ):
            return _with_episode_after(found, rest[quoted.end() :])  # "【感想】『X』第1期を…"
        return _named(line, _without_tagline(rest), at, True)
    m = _QUESTION.match(line)
    if m and not (m.group("why") and not m.group("why")[0].isupper()):  # "why the ending..."
        group = next(g for g in ("worth", "watch", "must", "why") if m.group(g))
        return _named(line, m.group(group), m.start(group), review is not None)
    if review:
        found = _around_review_word(line, review)
        if found:
            return found
    quoted = _QUOTED.search(line)
    if quoted:
        found = _named(line, quoted.group("name"), quoted.start("name"), review is not None)
        if found:
            return _with_episode_after(found, line[quoted.end() :])  # 《咒术回战》第5集
    if episode_in(line) is not None:
        return _named(line, line, 0, review is not None)
    return None


def _around_review_word(line: str, review: re.Match[str]) -> HeadlineSubject | None:
    """ "Review: X" / "Review of X" (the name follows) or "X Review – tag" (it precedes)."""
    before, after = line[: review.start()], line[review.end() :]
    if re.match(r"^\s*by\s", after, re.I):
        return None  # "Review by Silerna": a byline, the name is the reviewer's
    if _REVIEWS_REPORTED.match(after):
        return None
    lead = _INTRODUCING.match(after)
    introduced = lead is not None and lead.group(0).strip(" ").casefold() in _PREPOSITIONS
    qualifier = len(before.split()) <= 2  # "ENG/ESP Review on X", "Anime Review: X"
    short = _SHORT_REVIEWS.fullmatch(before.strip(" [](){}【】〔〕-–—:|"))  # "Mini Reviews: X"
    if not before.strip(" [](){}【】〔〕-–—:|") or (introduced and qualifier) or short:
        start = review.end() + (lead.end() if lead else 0)
        if kind := _KIND_WORD.match(line, start):
            start = kind.end()  # "Review Anime Frieren", "Recenzja anime X": the kind, then X
        quoted = _QUOTED.match(line, start)  # "Recenzja anime „Frieren – u kresu drogi”"
        if quoted and (found := _named(line, quoted.group("name"), quoted.start("name"), True)):
            return _with_episode_after(found, line[quoted.end() :])  # "«X» 2 сезон, серия 5"
        name = _without_tagline(_NAME_STOP.sub("", line[start:]))
        quoted = _QUOTED.search(name)
        if quoted:
            return _named(line, quoted.group("name"), start + quoted.start("name"), True)
        return _named(line, name, start, True)
    name = before
    while (m := _REVIEW_MODIFIERS.search(name)) and m.start() > 0:
        name = name[: m.start()]
    if re.search(r"(?:^|\s)(?:the|a|an|my|our|this|that|your|his|her|their)\s*$", name, re.I):
        return None  # "Read the full review on X", "my review": a sentence, not a name
    quoted = _QUOTED.search(before)
    if quoted and not _QUOTED.sub("", before).strip(" -–—:|"):
        return _named(line, quoted.group("name"), quoted.start("name"), True)
    tagged = _TAGLINE.match(after) or not after.strip() or after.strip().startswith(")")
    if not tagged and len(after.split()) > 3:
        return None  # "review" in the middle of a sentence, not a headline's tag
    watched = _WATCHED.match(name)  # "Finished Vinland Saga Season 2 — my review"
    found = _named(line, name[watched.end() :], watched.end(), True) if watched else None
    found = found or _named(line, name, 0, True)
    return _with_episode_after(found, after) if found and tagged else found


def _with_episode_after(found: HeadlineSubject, rest: str) -> HeadlineSubject:
    """The episode a headline names after its name's quotes or review word ("X Season Finale
    Review – Episode 28"), when the name itself holds none."""
    if found.episode is not None or (episode := episode_in(rest)) is None:
        return found
    return replace(found, episode=episode)


def _without_tagline(name: str) -> str:
    """The name without what ``_AFTER_NAME`` finds after it, unless that names an episode:
    nor a tagline after a colon that goes on in lower case ("Chainsaw Man: sangre, humor y
    motosierras", "Vinland Saga saison 2 : la rédemption"), nor one after a comma that says
    review ("나 혼자만 레벨업 시즌1, 원작 팬이 본 솔직한 후기")."""
    m = _AFTER_NAME.search(name)
    if m and episode_in(m.group(0)) is None:
        name = name[: m.start()]
    colon = _COLON_TAGLINE.search(name)
    if colon and colon.group("rest")[0].islower() and episode_in(colon.group("rest")) is None:
        name = name[: colon.start()]
    comma = name.find(", ")
    if comma > 0 and REVIEW_WORDS_RE.search(name, comma):
        name = name[:comma]
    return name


#: A colon and the words after it, to the end ("X: a tagline", "X : une phrase").
_COLON_TAGLINE = re.compile(r"\s?[:：]\s+(?P<rest>[^\W\d_][^:：]*)$")


#: Words that say how long the reviews are, before the review word: what follows names
#: what is reviewed ("Mini Reviews: Summer 2023 Leftovers", "Quick Review: Frieren").
_SHORT_REVIEWS = re.compile(
    r"(?:mini|quick|short|brief|capsule|micro|bite-sized|flash|lightning|spoiler-free)", re.I
)
_PREPOSITIONS = frozenset(["of", "for", "on", "de", "di", "du", "des", "del", "на", "zu", "von"])


#: "X is a quiet masterpiece", "X is the best mystery anime in years", "X was worth the
#: wait": a headline that says something of its anime in lower case, after the name (a
#: name's own verb goes on in capitals: "The Devil is a Part-Timer!").
_SAYS_OF_IT = re.compile(
    r"\s+(?:is|are|was|were|isn't|remains|proves|feels|é|são|es|son|est|sont|è|sono|ist|sind"
    r"|adalah|merupakan)\s+(?=[a-zà-ÿ])(?![^A-Z]*[A-Z])"
)


def _named(line: str, name: str, start: int, says_review: bool) -> HeadlineSubject | None:
    if (m := _SAYS_OF_IT.search(name)) and m.start() > 0:
        name = name[: m.start()]
    if (m := SAYS_VERDICT_RE.search(name)) and m.start() > 0:
        name = name[: m.start()]  # "Urusei Yatsura (2022) Is Amazing"
    cleaned = clean_name(name)
    if not cleaned or not is_name(cleaned) or is_roundup_phrase(cleaned):
        return None
    if re.match(r"^(?:date|posted|published|updated|by)\b", cleaned, re.I):
        return None  # "Review Date: June 10th, 2005": a field, not a name
    episode = episode_in(cleaned)
    core = strip_episode(cleaned) if episode is not None else cleaned
    core = without_release_year(clean_name(core))
    if not core or not is_name(core):
        return None
    at = line.find(core, start)
    at = at if at >= 0 else start
    return HeadlineSubject(core, at, at + len(core), episode, says_review)


def is_name(text: str) -> bool:
    words = text.split()
    if len(text) > NAME_MAX_CHARS or len(words) > NAME_MAX_WORDS:
        return False
    if not any(ch.isalpha() for ch in text) or _GRADE.fullmatch(text.strip()):
        return False
    if re.fullmatch(r"(?:season|part|series|cour|staffel|saison|temporada)\s*\d+", fold(text)):
        return False  # "Season 1": a heading of a season, not a name
    if REVIEW_WORDS_RE.fullmatch(text.strip()):
        return False  # "Обзор", "Critique": the review word alone names nothing
    return fold(text) not in NO_NAMES


#: Words that name a part of a work, never a work: "Session #17" is Cowboy Bebop's episode,
#: "Mission 26" Spy x Family's.
NO_NAMES = frozenset(
    ["", "anime", "review", "reviews", "episode", "season", "session", "mission", "chapter",
     "part", "act", "lesson", "stage", "round", "file"]
)  # fmt: skip


_GRADE = re.compile(r"[A-FS][+\-]{0,2}|\d+(?:[.,]\d+)?\s*/\s*\d+")


#: "episodes 1 4" (a slug's "episodes-1-4"): a plural episode word and two numbers are a run.
_EPISODE_RUN = re.compile(r"(?:episodes|eps)\b\D*\d+\s+\d", re.I)


def _episode_marker(text: str) -> re.Match[str] | None:
    m = EPISODE_NUMBER.search(text)
    return None if m is None or _EPISODE_RUN.match(text, m.start()) else m


def episode_in(text: str) -> int | None:
    """The episode number a line names ("Episode 5", "第5話", "X – 03"), or None."""
    if m := _episode_marker(text):
        found = next(g for g in m.groups() if g is not None)
        return int(found) if found.isdigit() else cjk_number(found)
    if m := TRAILING_NUMBER.search(text):
        return int(m.group("n"))
    return None


def strip_episode(text: str) -> str:
    """A name with its episode marker (and anything after it) removed."""
    if m := _episode_marker(text):
        head = text[: m.start()]
        return head.rstrip(" -–—:|,") if head.strip(" -–—:|,") else ""
    if m := TRAILING_NUMBER.search(text):
        return text[: m.start()]
    return text


def season_in(text: str) -> int | None:
    m = _SEASON.search(text)
    if not m:
        return None
    return int(next(g for g in m.groups() if g is not None))


#: Path segments and slug words that say what kind of page it is, not what it is about.
_SLUG_NOISE = frozenset(
    [
        "review",
        "reviews",
        "recap",
        "first",
        "impressions",
        "impression",
        "premiere",
        "anime",
        "film",
        "movie",
        "blu",
        "ray",
        "bluray",
        "dvd",
        "html",
        "htm",
        "php",
        "aspx",
        "post",
        "posts",
        "blog",
        "entry",
        "archives",
        "category",
        "tag",
        "page",
        "index",
        "spoilers",
        "spoiler",
        "with",
        "contains",
        "thoughts",
        "recensione",
        "resenha",
        "critica",
        "reseña",
        "critique",
        "kritik",
        "episode",
        "ep",
        "season",
    ]
)


def slug_words(address: str | None) -> list[str]:
    """Words of the address's most descriptive path segment ("" segments, ids and
    dates skipped), lower-cased, in order."""
    if not address:
        return []
    parsed = urlparse(address)
    segments = [unquote(s) for s in parsed.path.split("/") if s]
    # Sites that name the page in the query ("review.php?id=472&t=dog_soldier"): its
    # values of several words are segments too, read after the path's.
    segments += [
        unquote(v) for pair in parsed.query.split("&") if "=" in pair
        for v in [pair.split("=", 1)[1]] if re.search(r"[^\W\d_]{2,}[_\-+][^\W\d_]{2,}", v)
    ]  # fmt: skip
    best: list[str] = []
    for segment in segments:
        segment = re.sub(r"\.(?:html?|php|aspx?|shtml)$", "", segment, flags=re.I)
        words = [w for w in re.split(r"[-_+\s.,]+", segment) if w]
        letters = [w for w in words if re.search(r"[^\W\d_]", w) and w.casefold() != "index"]
        if letters and len(letters) >= len([w for w in best if not w.isdigit()]):
            best = [w.casefold() for w in words]
    return best


def slug_name_words(address: str | None) -> list[str]:
    """The slug's words that could be a name: kind words and a trailing id removed."""
    words = slug_words(address)
    while words and (words[-1] in _SLUG_NOISE or re.fullmatch(r"[0-9a-f]{8,}|\d{5,}", words[-1])):
        words = words[:-1]
    while words and (words[0] in _SLUG_NOISE or re.fullmatch(r"\d{5,}", words[0])):
        words = words[1:]  # "53065-sono-bisque-doll-...": a leading id
    return words
