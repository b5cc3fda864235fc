"""Bylines: the author a post's byline names, in the languages read.

"By Jane Doe", "Par Marie Dubois — publié le 3 mars 2024", "Von Jan Becker am 12. Mai",
"作者：李明 2024-03-01", "김민수 기자 | 2024.03.01", "بقلم أحمد خالد". A line that goes on
after the name (to a date, a site, a count of comments) is a byline only when it holds a
date or says "posted"/"published"; the name ends at a separator, a word joining a date, or
a number.
"""

from __future__ import annotations

import re

from kansou.extract.values import read_written_date

#: The words that introduce a post's author, in the languages read ("by", "par", "von",
#: "por", "di", "oleh", "автор", "作者", "文"...).
_BY = (
    r"(?:(?:posted|written|reviewed|review|reporting|reported|words|text|story)\s+)?by|author|autor|auteur|autore|autora|redator"
    r"|redactor|par|von|di|por|oleh|ditulis oleh|penulis|yazar|bởi|tác giả|przez|door|av"
    r"|автор|作者|文|撰文|记者|記者|글|pubblicato da|scritto da|publicado por|escrito por"
    r"|publié par|écrit par|بقلم|كتبه|โดย|เขียนโดย|ข่าวโดย"
    r"|작성자|글쓴이|投稿者|著者|執筆者|筆者|書いた人|发布者|發佈者"
)
#: Byline words that are a field's label: "작성자: 김민수", "著者：みずき", "Tác giả: Minh Anh".
#: Followed by a colon, they name the author with no date needed.
_LABEL_BY = re.compile(
    r"(?i:author|autor|auteur|autore|autora|yazar|penulis|tác giả|автор|作者|작성자|글쓴이|投稿者"
    r"|著者|執筆者|筆者|書いた人|发布者|發佈者|โดย)\s*[:：]"
)
#: Lower-case words inside a name ("Jeroen de Vries", "Ludwig van Beethoven").
_PARTICLE = r"(?:van|de|der|den|von|da|di|du|del|dos|das|le|la|ten|ter|bin|al)"
#: Month and weekday names that follow a name on a date line ("Posted by Kestrel January
#: 12, 2025"): no part of the name.
_MONTH = (
    r"(?i:(?:january|february|march|april|may|june|july|august|september|october|november"
    r"|december|januar|februar|märz|juni|juli|oktober|dezember|monday|tuesday|wednesday"
    r"|thursday|friday|saturday|sunday)(?!\w)"  # abbreviated only before a dot or the day
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun)"
    r"(?:\.|(?=\s*\d)))"
)
#: Words that begin a byline's date after the name ("By Daniel Kurland Published Dec 20").
_DATE_VERB = r"(?:Published|Updated|Posted|Edited|Last)\b"
#: A name as bylines write it: up to three capitalised words (Latin or Cyrillic), up to
#: three words of Arabic or Thai, a Chinese name of two to four characters, a Korean name
#: or nickname of two to eight syllables, or a user name in lower case.
_AUTHOR = (
    r"(?P<name>[A-Z\u00c0-\u00de\u0100-\u024f\u0400-\u042f][\w.'’\-]*"
    rf"(?:\s+(?:{_PARTICLE}\s+)?(?!{_MONTH}|{_DATE_VERB})[A-Z\u00c0-\u00de\u0100-\u024f\u0400-\u042f][\w.'’\-]*){{0,2}}"
    r"|[\u0621-\u064a]+(?:\s+[\u0621-\u064a]+){0,2}|[\u0e01-\u0e4e]+(?:\s+[\u0e01-\u0e4e]+){0,2}"
    r"|[\u4e00-\u9fff]{2,4}|[\u3040-\u30ff\u4e00-\u9fff]{2,12}|[\uac00-\ud7a3]{2,8}"
    r"|[a-z0-9_][\w.\-]{2,24})"
)
#: "By Jane Doe": a line that is only the byline.
_BYLINE = re.compile(
    rf"^(?i:{_BY})\s*[:：]?\s*(?P<name>[A-Z\u00c0-\u024f\u0400-\u04ff\u0621-\u064a\u0e01-\u0e4e\uac00-\ud7a3]"
    r"[\w.'’\- ]{1,40})$"
)
#: "March 3, 2024 by Jane Doe · 12 Comments", "Par Marie Dubois — publié le 3 mars",
#: "Von Jan Becker am 12. Mai 2024", "作者：李明 2024-03-01": a post's date line naming
#: its author after the byline word, up to a separator, a word joining a date, or a number.
_DATED_BYLINE = re.compile(
    rf"(?:^|\s)(?i:{_BY})\s*[:：]?\s*{_AUTHOR}"
    r"\s*(?:$|[·|•,，–—/\-│｜»]|\s(?i:on|in|at|am|le|el|il|em|pada|vào|в|op|om)\s|\s\d"
    rf"|\s(?={_MONTH}|{_DATE_VERB})|\s*(?:发布于|發佈於|发表于|發表於|投稿日|更新日))"
)
#: A date written in digits ("11/02/2023", "2024.03.01"), whichever order it uses.
_NUMERIC_DATE = re.compile(
    r"(?<!\d)(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:\d{4}|\d{2})|\d{4}[/.\-]\d{1,2}[/.\-]\d{1,2})(?!\d)"
)
#: "김민수 기자 | 2024.03.01": a Korean reporter's name before 기자.
_REPORTER = re.compile(r"(?:^|\s)(?P<name>[\uac00-\ud7a3]{2,4})\s*기자(?:$|\s|[|·])")
#: A byline line is short: a date, a name, a few words more.
BYLINE_MAX_WORDS = 14
_POSTED = re.compile(r"posted|published", re.I)


def byline_author(text: str, language: str | None = None) -> str | None:
    """The author a byline line names, or None when the line is no byline."""
    text = text.strip()
    if len(text.split()) > BYLINE_MAX_WORDS:
        return None
    m = _DATED_BYLINE.search(text) or _REPORTER.search(text)
    dated = m is not None and (
        _POSTED.match(text) or _NUMERIC_DATE.search(text) or read_written_date(text, language)
    )
    if m and (dated or _LABEL_BY.search(text, m.start(), m.start("name"))):
        return m.group("name").strip()
    if (m := _BYLINE.match(text)) and not re.search(r"\d", m.group("name")):
        return m.group("name").strip()
    return None


#: "Ren Takahashi — December 30, 2022", "Mina Cho | 2024-10-01": a date line that names its
#: writer first with no byline word: two or three capitalised words, a separator, a date.
_NAME_THEN_DATE = re.compile(
    r"^(?P<name>[A-Z\u00c0-\u00de][\w.'’\-]+(?:\s+[A-Z\u00c0-\u00de][\w.'’\-]+){1,2})"
    r"\s*[—–|·•]\s*(?P<date>.{6,40})$"
)


def name_before_date(text: str, language: str | None = None) -> str | None:
    """The writer a date line names before its date with no byline word, or None: the
    rest of the line must be the date and nothing else."""
    m = _NAME_THEN_DATE.match(text.strip())
    if m is None or re.search(_MONTH, m.group("name")):
        return None
    found = read_written_date(m.group("date"), language)
    if found is None or found[1] > 0 or found[2] < len(m.group("date").rstrip(" .")):
        return None
    return m.group("name")
