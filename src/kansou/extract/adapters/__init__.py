"""Site adapters: one package or module per well-known site, registered like any extractor."""
