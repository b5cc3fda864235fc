"""Catalog stage: importing open anime catalogs and linking what was ingested to them.

Data flow: ``formats`` detects a file's format and hands it to its reader
(``csv_dumps``, ``mappings``, ``anidb``, ``manami``), which yields plain
``records.CatalogRecord`` values as it streams the file; ``merge`` writes them
in batches (``unique_ids`` refuses a repeated id, ``known`` loads the rows a
batch touches) inside one transaction per file, one title per anime with every
source id; ``link`` resolves names
against the stored catalog (``kansou.resolve.index`` and ``titles``) and
re-links earlier documents; ``commands`` is the thin CLI.
"""
