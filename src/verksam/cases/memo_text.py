"""De-debris for text extracted from political memos (PM, tjänsteutlåtande, utlåtande …).

Text layers of real PDFs — like the seed memo ``shared/seeds/000_af22ac8c55b35c9f.txt`` —
carry debris that the memo parser must cope with (issue 3):

* a blank line between every pair of lines, so blank lines say nothing about paragraphs;
* lines that begin with a space after a page break (or a form feed from the PDF extractor);
* words hyphenated over a line break;
* sentences broken mid-line, list items broken over lines or split at a page break;
* running text from one page placed directly after a list.

This module holds the general rules; :mod:`memo_parser` and :mod:`memo_statements` use them.

**Hyphen rule** (:func:`join_lines`), for a line ending in ``<word>-`` followed by a line that
starts with a lower-case letter:

1. the next word is a conjunction ("och", "eller", "samt", "respektive", "till") — a
   suspended compound such as "Skatte- och avgiftshöjningar": kept, joined with a space;
2. the part before the hyphen has at most three letters or is not all lower case — an
   abbreviation compound such as "it-prislista", "EU-medel", "e-tjänst": the hyphen is kept
   and the parts joined without a space;
3. otherwise it is a line-break hyphen ("kommun-" + "styrelsen"): the hyphen is dropped.

A soft hyphen (U+00AD) at a line end is always dropped and the parts joined.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

__all__ = [
    "MemoParseError",
    "Line",
    "clean_text",
    "split_lines",
    "join_lines",
    "is_terminal",
    "typical_width",
    "paragraphs",
    "numbered_items",
    "bullet_items",
    "ends_dangling",
    "DANGLING_WORDS",
]

SOFT_HYPHEN = "\u00ad"


class MemoParseError(ValueError):
    """A memo that cannot be imported. ``str(error)`` is a Swedish sentence for the user;
    ``line`` is the 1-based line in the source text the problem was found at, when known."""

    def __init__(self, message: str, *, line: int | None = None):
        self.message = message
        self.line = line
        super().__init__(message if line is None else f"{message} (rad {line})")


@dataclass(frozen=True)
class Line:
    """One non-blank line of a memo: ``text`` with whitespace collapsed and stripped,
    ``number`` its 1-based position in the source text, ``page_break`` true when the raw line
    began with whitespace or followed a form feed (the page-break debris of PDF extraction)."""

    text: str
    number: int
    page_break: bool = False


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")  # category Cc except \t \n \f
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def clean_text(text: str) -> str:
    """Normalise line ends to ``\\n`` (CRLF, CR, U+2028/2029, vertical tab), keep form feeds,
    drop zero-width characters and soft hyphens inside lines, turn other control characters
    into spaces and apply Unicode NFC (so "a" + combining ring equals "å")."""
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u2028", "\n").replace("\u2029", "\n").replace("\v", "\n")
    text = text.translate(_ZERO_WIDTH)
    text = re.sub(r"\u00ad(?![ \t]*\n)|(?<![^\W\d_])\u00ad", "", text)
    return _CONTROL.sub(" ", text)


_PAGE_NUMBER = re.compile(r"^(?:Sida\s+)?[0-9]{1,3}\s*(?:\([0-9]{1,3}\)|av\s+[0-9]{1,3})$", re.IGNORECASE)


def split_lines(text: str) -> list[Line]:
    """Split cleaned memo text into its non-blank :class:`Line` s (see :func:`clean_text`).

    Page numbers standing alone on a line ("2 (5)", "Sida 2 av 5") are page furniture: they
    are dropped and the following line is marked as coming after a page break."""
    lines: list[Line] = []
    after_form_feed = False
    for number, raw in enumerate(text.split("\n"), start=1):
        if "\f" in raw:
            after_form_feed = True
            raw = raw.replace("\f", " ")
        collapsed = " ".join(raw.split())
        if not collapsed:
            continue
        if _PAGE_NUMBER.match(collapsed):
            after_form_feed = True  # page furniture: drop it, the next line follows a page break
            continue
        page_break = after_form_feed or raw[:1].isspace()
        lines.append(Line(collapsed, number, page_break))
        after_form_feed = False
    return lines


_HYPHEN_END = re.compile(r"(?<![\W\d_])([^\W\d_]+)-$")
_SUSPENDED_CONNECTORS = {"och", "eller", "samt", "respektive", "resp", "till", "som"}


def join_lines(parts: Sequence[str]) -> str:
    """Join wrapped lines into one string with single spaces, applying the hyphen rule of the
    module docstring. Blank parts are skipped. ``join_lines(["it-", "prislista"])`` is
    "it-prislista", ``join_lines(["kommun-", "styrelsen"])`` is "kommunstyrelsen"."""
    pieces: list[str] = []  # each piece is one part, preceded by " " when joined with a space
    for part in parts:
        part = " ".join(part.split())
        if not part:
            continue
        if not pieces:
            pieces.append(part)
            continue
        last = pieces[-1]
        if last.endswith(SOFT_HYPHEN):
            pieces[-1] = last[:-1]
            pieces.append(part)
            continue
        hyphen = _HYPHEN_END.search(last[-80:]) if last.endswith("-") else None
        if hyphen and part[0].islower():
            left = hyphen.group(1)
            next_word = re.match(r"[^\W\d_]*", part).group(0).lower()
            if next_word in _SUSPENDED_CONNECTORS:
                pieces.append(" " + part)
            elif len(left) <= 3 or not left.islower():
                pieces.append(part)
            else:
                pieces[-1] = last[:-1]
                pieces.append(part)
            continue
        pieces.append(" " + part)
    return "".join(pieces).replace(SOFT_HYPHEN, "")


def is_terminal(text: str) -> bool:
    """True when ``text`` ends a sentence or introduces something: . ! ? or : (after any
    closing quotes or brackets)."""
    stripped = text.rstrip().rstrip("\"'”’»)]")
    return stripped.endswith((".", "!", "?", ":"))


def typical_width(lines: Sequence[Line]) -> int:
    """The width in characters of a full line of running text: the 90th percentile of the
    lengths of lines with at least four words (80 when there are too few such lines)."""
    lengths = sorted(len(line.text) for line in lines if line.text.count(" ") >= 3)
    if len(lengths) < 5:
        return 80
    return max(40, lengths[min(len(lengths) - 1, int(len(lengths) * 0.9))])


# Words that cannot end a Swedish clause: prepositions, conjunctions, articles, possessives
# and degree adverbs. A line or list item ending in one of them continues on the next line.
DANGLING_WORDS = frozenset(
    """
    av för från i med mot om på till under över inom utom genom hos vid efter enligt kring
    mellan utan bland trots åt ur samt och eller men att som både såväl än då när där
    en ett den det de denna detta dessa sin sitt sina vår vårt våra deras dess hans hennes
    särskilt mycket mer mest extra bl.a. bland annat t.ex. s.k. inkl. exkl.
    """.split()
)


def ends_dangling(text: str) -> bool:
    """True when ``text`` ends in a word from :data:`DANGLING_WORDS`, a comma or a hyphen."""
    stripped = text.rstrip()
    if stripped.endswith((",", "-", SOFT_HYPHEN, "–")):
        return True
    words = stripped.split()
    return bool(words) and words[-1].lower() in DANGLING_WORDS


def _starts_lower(text: str) -> bool:
    first = text[:1]
    return first.islower() or first.isdigit() or first in "(,;&%"


def paragraphs(texts: Sequence[str], width: int) -> list[str]:
    """Re-flow wrapped lines into paragraphs. A paragraph ends after a line that ends with
    terminal punctuation (:func:`is_terminal`) and is shorter than 80 % of ``width`` when the
    next line starts with a capital letter — the only paragraph signal left in the debris."""
    result: list[str] = []
    current: list[str] = []
    for index, text in enumerate(texts):
        current.append(text)
        following = texts[index + 1] if index + 1 < len(texts) else None
        if following is None or (
            is_terminal(text) and len(text) < 0.8 * width and not _starts_lower(following)
        ):
            result.append(join_lines(current))
            current = []
    return [paragraph for paragraph in result if paragraph]


ITEM = re.compile(r"^(?P<number>[0-9]{1,2})[.)]\s+(?P<text>\S.*)$")
BULLET = re.compile(r"^(?:[•▪◦●○■□➢►‣⁃∙·]\s*|[*–—-]\s+)(?P<text>\S.*)$")


def _continues(previous: str, following: Line) -> bool:
    return _starts_lower(following.text) or ends_dangling(previous)


def numbered_items(
    lines: Sequence[Line], start: int, stop: Callable[[Line], bool]
) -> tuple[list[tuple[int, str, int]], int]:
    """Read a numbered list ("1. …", "2. …") that starts at ``lines[start]``.

    Numbers must run 1, 2, 3 …; a line continues the current item when it starts with a
    lower-case letter or a digit, or when the item so far ends in a dangling word, comma or
    hyphen (:func:`ends_dangling`). The list ends at a bullet, at a line for which
    ``stop(line)`` is true, at an out-of-sequence number, or at a capitalised line after a
    complete item — which keeps running text from the next page off the last item.

    Returns ``([(number, text, source_line_number), …], index_after_list)``; an empty list
    and ``start`` when ``lines[start]`` is not item 1.
    """
    items: list[list] = []
    index = start
    while index < len(lines):
        line = lines[index]
        match = ITEM.match(line.text)
        if match and int(match.group("number")) == len(items) + 1:
            items.append([len(items) + 1, [match.group("text")], line.number])
            index += 1
            continue
        if not items or match or BULLET.match(line.text) or stop(line):
            break
        if not _continues(items[-1][1][-1], line):
            break
        items[-1][1].append(line.text)
        index += 1
    return [(number, join_lines(parts), source) for number, parts, source in items], index


def bullet_items(
    lines: Sequence[Line], start: int, stop: Callable[[Line], bool]
) -> tuple[list[str], int]:
    """Read a bullet list ("• …", "– …", "- …") that starts at ``lines[start]``.

    A line continues the current item when it starts lower case, when the item ends in a
    dangling word, or when the item has no terminal punctuation and the line is no wider
    than the list's own lines (+8 characters; body text is wider than an indented list).
    A bullet whose text starts lower case after an item that ends in a dangling word is the
    same item split at a page break ("… inom ramen för" + "• stadens verksamhet …") and is
    joined to it. Ends at ``stop(line)``, a numbered item, or another line.

    Returns ``([item_text, …], index_after_list)``.
    """
    items: list[list[str]] = []
    width = 0
    index = start
    while index < len(lines):
        line = lines[index]
        bullet = BULLET.match(line.text)
        if bullet:
            text = bullet.group("text")
            if items and text[:1].islower() and ends_dangling(items[-1][-1]) and not is_terminal(items[-1][-1]):
                items[-1].append(text)
            else:
                items.append([text])
            width = max(width, len(text))
            index += 1
            continue
        if not items or stop(line) or ITEM.match(line.text):
            break
        previous = items[-1][-1]
        if _continues(previous, line) or (
            not is_terminal(previous) and len(line.text) <= width + 8
        ):
            items[-1].append(line.text)
            width = max(width, len(line.text))
            index += 1
            continue
        break
    return [join_lines(parts) for parts in items], index
