"""kansou: a self-hostable anime reception aggregator."""

__version__ = "0.1.0"
