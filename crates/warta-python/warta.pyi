"""warta: turn news pages (HTML or text dumps) into clean, structured articles.

Every article is a ``dict`` with exactly the fields, order and ``None``s of the
JSON object ``warta extract`` prints (schema ``"warta/article@1"``; see
``warta.schema()`` for its JSON Schema).
"""

from typing import Any, Dict, Iterable, List, Mapping, Optional, Union

__version__: str

Page = Union[str, bytes, bytearray]
Record = Union[Page, Mapping[str, Any]]
Article = Dict[str, Any]

class ExtractError(ValueError):
    """A page gave no article: empty input, binary data, or unreadable text.

    ``str(error)`` is the cause, worded as the ``warta`` CLI words it. In the
    list ``extract_many`` returns, a failed record is an ``ExtractError``
    instance (not raised) whose ``index`` is the record's position and ``id``
    its id, or None.
    """

    index: int
    id: Optional[str]

def extract(
    html: Optional[Page] = None,
    text: Optional[Page] = None,
    url: Optional[str] = None,
    explain: bool = False,
    *,
    id: Optional[str] = None,
    charset: Optional[str] = None,
    facts: bool = True,
) -> Article:
    """Extract the article of one page.

    Give exactly one of ``html`` (a page's HTML) or ``text`` (a dump of its
    visible text, one block per line), as ``str`` or ``bytes``. Bytes are
    decoded as the CLI decodes files: BOM, valid UTF-8, ``charset`` (e.g. from
    an HTTP ``Content-Type``), the page's own declaration, a guess.

    ``explain=True`` adds ``blocks``: every input block with its role, whether
    it was kept, and why. ``facts=False`` skips entities, dates, money and
    quotes. ``id`` is carried into the article.

    Raises ``ExtractError`` for an empty or binary page and ``TypeError`` when
    neither or both of ``html``/``text`` are given. The GIL is released while
    the page is processed, so threads extract in parallel.
    """

def extract_many(
    records: Iterable[Record],
    jobs: Optional[int] = None,
    *,
    explain: bool = False,
    facts: bool = True,
) -> List[Union[Article, ExtractError]]:
    """Extract many pages on ``jobs`` threads (default: every core), in order.

    Each record is a ``dict`` ``{"html" | "text": str | bytes, "url"?: str,
    "id"?: str, "charset"?: str}`` (the JSON Lines record of ``warta batch``)
    or the page itself as ``str``/``bytes`` (HTML or text dump detected from
    the content). The GIL is released while pages are extracted.

    Returns one entry per record in input order: the article ``dict``, or an
    ``ExtractError`` instance (not raised) when that page gave no article, with
    ``index`` and ``id`` set. Nothing is dropped: ``len(result)`` is the number
    of records. A record of another type, or a dict without exactly one of
    ``html``/``text``, raises ``TypeError``.
    """

def schema() -> Dict[str, Any]:
    """The JSON Schema of the article object."""
