"""What every service client shares: its identity, its base address, and how answers are read.

A ``Service`` knows one API: the requests an anime takes (``documents``),
the limits the service documents (``windows``), and how it says "no such
anime". It turns each answer into a ``Document`` (the raw bytes, the request
as its source) or a ``Rejection`` naming the service, the id and why. The
body is checked here, before it is stored: a malformed body is refused with
the byte where it breaks, so a truncated or garbled answer never lands.
"""

from __future__ import annotations

import json
import xml.parsers.expat
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, ClassVar

from kansou.errors import DocumentRejected
from kansou.load.services.client import (
    Answer,
    ServiceRequest,
    ServiceSession,
    ServiceStatus,
    Window,
)
from kansou.load.services.refs import ServiceRef
from kansou.model import Document, Rejection

JSON_TYPES = ("application/json", "application/vnd.api+json", "text/json")
XML_TYPES = ("application/xml", "text/xml")
#: Characters of a service's error message quoted in a rejection.
MESSAGE_CHARS = 160


class Service(ABC):
    """One anime database API; ``base`` is its address (``KANSOU_<NAME>_URL`` or the default)."""

    name: ClassVar[str]
    label: ClassVar[str]
    env_base: ClassVar[str]
    default_base: ClassVar[str]
    windows: ClassVar[tuple[Window, ...]]

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = env
        self.base = (env.get(self.env_base) or self.default_base).rstrip("/")

    def missing_credentials(self) -> str | None:
        """Why this service cannot be asked without more configuration, or None."""
        return None

    @abstractmethod
    def documents(self, session: ServiceSession, ref: ServiceRef) -> Iterator[Document | Rejection]:
        """Every response one anime takes on this service, in order, or why not."""

    # -- helpers for the service modules ------------------------------------------

    def not_found(self, ref: ServiceRef) -> DocumentRejected:
        return DocumentRejected(f"no such anime on {self.label}: {ref.anime_id}")

    def ask(
        self,
        session: ServiceSession,
        request: ServiceRequest,
        read: Callable[[Answer], Any],
        what: str = "",
    ) -> Asked:
        """Fetch ``request`` and ``read`` its answer (parse and check it); any failure is the
        rejection of that request, worded for this service (``what`` names a sub-resource)."""
        try:
            answer = session.fetch(request)
            body = read(answer)
        except ServiceStatus as exc:
            return Asked(Rejection(request.source, self.status_problem(exc, request.ref, what)))
        except DocumentRejected as exc:
            return Asked(Rejection(request.source, exc.message))
        return Asked(document_of(answer), body)

    def status_problem(self, exc: ServiceStatus, ref: ServiceRef, what: str = "") -> str:
        """A non-200 answer in words: 404 is "no such anime", others quote the service."""
        if exc.http_status == 404:
            return f"no {what} on {self.label} for anime {ref.anime_id}" if what else (
                f"no such anime on {self.label}: {ref.anime_id}"
            )  # fmt: skip
        message = error_message(exc.body)
        said = f": {message}" if message else ""
        return f"{self.label} answered {exc.message}{said}"


@dataclass(frozen=True)
class Asked:
    """One request's outcome: the document (or the rejection), and the answer as read."""

    item: Document | Rejection
    body: Any = None


def document_of(answer: Answer) -> Document:
    """An answer as it is stored: raw bytes, the request as its source, when it was fetched."""
    return Document(
        source=answer.request.source,
        raw=answer.body,
        media_type=answer.media_type,
        url=answer.request.url,
        fetched_at=answer.fetched_at,
    )


def json_body(answer: Answer, label: str) -> Any:
    """The parsed JSON of an answer, or a rejection naming the service and the byte."""
    if answer.media_type not in JSON_TYPES:
        raise DocumentRejected(f"{label} answered {answer.media_type}, not JSON")
    try:
        text = answer.body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DocumentRejected(
            f"malformed JSON from {label}: not UTF-8 at byte {exc.start}"
        ) from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        at = len(text[: exc.pos].encode("utf-8"))
        raise DocumentRejected(f"malformed JSON from {label} at byte {at}: {exc.msg}") from exc


@dataclass(frozen=True)
class XmlRoot:
    """The root element of an XML answer: its tag, attributes and, for ``<error>``, its text."""

    tag: str
    attributes: dict[str, str]
    text: str


def xml_root(answer: Answer, label: str) -> XmlRoot:
    """The root of a well-formed XML answer, or a rejection naming the service and the byte.

    A document type declaration is refused: an API answer has no use for one,
    and entity declarations are how XML bombs and external fetches arrive.
    """
    if answer.media_type not in XML_TYPES:
        raise DocumentRejected(f"{label} answered {answer.media_type}, not XML")
    parser = xml.parsers.expat.ParserCreate()
    found: list[tuple[str, dict[str, str]]] = []
    texts: list[str] = []

    def start(tag: str, attributes: dict[str, str]) -> None:
        found.append((tag, attributes))

    def doctype(*_args: object) -> None:
        raise DocumentRejected(f"{label} answered XML with a document type declaration")

    def text(data: str) -> None:
        if len(found) == 1:
            texts.append(data)

    parser.StartElementHandler = start
    parser.CharacterDataHandler = text
    parser.StartDoctypeDeclHandler = doctype
    try:
        parser.Parse(answer.body, True)
    except xml.parsers.expat.ExpatError as exc:
        at = parser.ErrorByteIndex
        reason = xml.parsers.expat.ErrorString(exc.code)
        raise DocumentRejected(f"malformed XML from {label} at byte {at}: {reason}") from exc
    tag, attributes = found[0]
    return XmlRoot(tag, attributes, "".join(texts).strip())


def error_message(body: bytes) -> str:
    """The message an error body carries (JSON ``message``/``error``/``errors``), shortened."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ""
    if isinstance(data, dict) and isinstance(data.get("errors"), list) and data["errors"]:
        first = data["errors"][0]
        data = first if isinstance(first, dict) else {"message": first}
    if not isinstance(data, dict):
        return ""
    message = data.get("message") or data.get("error") or data.get("detail") or ""
    return str(message)[:MESSAGE_CHARS]
