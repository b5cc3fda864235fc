"""Resolve stage: claims about strings become facts about titles, people and characters.

``names`` holds the keys under which spellings meet. Linking a stored
document's claims to entities is done by ``kansou.store`` inside the same
transaction that stores the document, using these keys, so a document never
lands half-linked.
"""
