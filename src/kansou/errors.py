"""The error types of kansou's surfaces.

One user-facing error per surface: the CLI prints a ``UserError`` as
``error: ...`` and exits 1; the HTTP layer turns ``KansouError.status`` into
one JSON shape. A ``DocumentRejected`` is not a crash: the pipeline records it
as a ``Rejection`` for that document and carries on with the batch.
"""

from __future__ import annotations


class KansouError(Exception):
    """Base of every error kansou raises on purpose; ``status`` is its HTTP status."""

    status = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UserError(KansouError):
    """Something the user asked for cannot be done; the message says why and what works."""


class NotFound(UserError):
    """A title, person or document that does not exist."""

    status = 404


class DocumentRejected(KansouError):
    """A document cannot be ingested; the message is the one-line reason shown to the user."""

    status = 422


class UnknownScale(UserError):
    """A score written on a scale kansou does not know; never guessed."""

    status = 422
