"""Lines of a facts box: "Label: value" where the label is one a facts box or a
rating uses ("Director:", "Age Rating:", "Story: 2/10"), told apart from a title
that holds a colon ("Frieren: Beyond Journey's End")."""

from __future__ import annotations

import re

from kansou.extract.general.decide import classify_label
from kansou.extract.general.vocabulary import INFOBOX_LABELS


def is_field_line(text: str) -> bool:
    """ "Age Rating: MA", "Director: X", "Story: 2/10": a facts box's or a rating's line."""
    m = re.match(r"^[\s•*▪◦-]{0,8}([^:：]{1,40}?)\s*[:：]", text[:80])
    if not m:
        return False
    label = m.group(1).casefold().strip(" *•-")
    words = label.split()
    tails = {" ".join(words[-n:]) for n in (1, 2)}
    if tails & INFOBOX_LABELS or (len(words) <= 3 and set(words) & INFOBOX_LABELS):
        return True  # "Age Rating:", "Episodes so far:"
    return classify_label(label)[0] in ("overall", "aspect")


#: "Label: value" with a space after the colon, or a full-width colon ("Re:Dive",
#: "Re:Zero" are names, not labels).
_FACT_SHAPE = re.compile(r"^[\s•*▪◦-]{0,8}[^:：\d][^:：]{1,34}(?::\s|：)\s*\S")


def fact_shaped(text: str) -> bool:
    """ "Publication originale: 7 janvier 2011", "Nombre d’épisodes: 24": a short
    "label: value" line; two or more in a row make a facts box."""
    if len(text) > 300 or not _FACT_SHAPE.match(text):
        return False
    value = re.split(r"[:：]", text, maxsplit=1)[1]
    return len(value.split()) <= 10
