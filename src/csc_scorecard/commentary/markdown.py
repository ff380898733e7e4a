"""Section commentary files: Markdown with a small front-matter block.

    ---
    section: CIN
    title: Child in Need and Child Protection
    period: 2023-01
    refs: [CIN1, CIN4]
    public: false
    author: ''
    written_against: {CIN1: '219', CIN4: '23%'}
    draft_sha256: 3f9c...
    ---
    # Child in Need and Child Protection: commentary for January 2023

    ## Facts to explain
    - Re-referrals ... (CIN4)

    ## Commentary
    Referrals received increased from 148 in December 2022 to 219 in January 2023, ...

    ### CIN4
    A paragraph about one indicator.

Only the "## Commentary" part is read back; the facts list is a prompt. A section part left exactly
as drafted (its hash equals `draft_sha256`) is not read as commentary, because the drafted narrative
already says it. Files without front matter are read the older way: an optional first line
`Author: ...` and `Public: yes`, then paragraphs.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml

from csc_scorecard.commentary.model import Commentary

YES = frozenset({"yes", "y", "true", "1", "public"})
COMMENTARY_HEADING = "## Commentary"
FACTS_HEADING = "## Facts to explain"
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_REF_HEADING = re.compile(r"^###\s+([A-Z]{2,3}\d+[a-z]?)\s*$")


def normalised(text: str) -> str:
    """Paragraphs with their whitespace collapsed: what the draft hash is taken over."""
    paragraphs = [" ".join(p.split()) for p in _COMMENT.sub("", text).split("\n\n")]
    return "\n\n".join(p for p in paragraphs if p)


def draft_hash(text: str) -> str:
    return hashlib.sha256(normalised(text).encode("utf-8")).hexdigest()[:16]


def render_section_file(
    *,
    section: str,
    title: str,
    period: str,
    period_label: str,
    draft: Sequence[str],
    facts: Sequence[str],
    refs: Sequence[str],
    written_against: Mapping[str, str],
) -> str:
    """The text of one section's commentary file, pre-filled with the draft."""
    body = "\n\n".join(draft)
    front = {
        "section": section,
        "title": title,
        "period": period,
        "refs": list(refs),
        "public": False,
        "author": "",
        "written_against": dict(written_against),
        "draft_sha256": draft_hash(body),
    }
    header = yaml.safe_dump(front, sort_keys=False, allow_unicode=True, width=1000).strip()
    facts_list = "\n".join(f"- {fact}" for fact in facts) or "- Nothing stands out this month."
    return (
        f"---\n{header}\n---\n"
        f"# {title}: commentary for {period_label}\n\n"
        f"{FACTS_HEADING}\n"
        "<!-- Not published: what the commentary below should explain. -->\n\n"
        f"{facts_list}\n\n"
        f"{COMMENTARY_HEADING}\n"
        "<!-- Edit the draft below. Set author, and public: true if it may go in the public edition.\n"
        "     A paragraph about one indicator goes under its own heading, such as ### CIN4. -->\n\n"
        f"{body}\n"
    )


def _split_front_matter(text: str) -> tuple[dict[str, Any] | None, str]:
    if not text.startswith("---"):
        return None, text
    _, _, rest = text.partition("\n")
    end = re.search(r"^---\s*$", rest, re.MULTILINE)
    if end is None:
        return None, text
    loaded = yaml.safe_load(rest[: end.start()]) or {}
    if not isinstance(loaded, dict):
        raise ValueError("the block between the --- lines must be 'key: value' lines")
    return loaded, rest[end.end() :]


def _commentary_part(body: str) -> str:
    """The text under "## Commentary", up to the next "## " heading."""
    start = body.find(COMMENTARY_HEADING)
    if start < 0:
        return ""
    rest = body[start + len(COMMENTARY_HEADING) :]
    following = re.search(r"^## ", rest, re.MULTILINE)
    return rest[: following.start()] if following else rest


def _blocks(part: str) -> list[tuple[tuple[str, ...], str]]:
    """(refs, text) blocks: the section's own text first, then one block per "### REF" heading."""
    blocks: list[tuple[tuple[str, ...], list[str]]] = [((), [])]
    for line in _COMMENT.sub("", part).splitlines():
        heading = _REF_HEADING.match(line.strip())
        if heading:
            blocks.append(((heading.group(1),), []))
        else:
            blocks[-1][1].append(line)
    return [(refs, "\n".join(lines)) for refs, lines in blocks]


def _paragraphs(text: str) -> list[str]:
    return [p for p in normalised(text).split("\n\n") if p]


def _legacy(text: str, section: str) -> list[Commentary]:
    """The older format: optional `Author:` and `Public:` lines, then paragraphs."""
    author, public = "", False
    body: list[str] = []
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if not body and key.strip().lower() == "author" and value.strip():
            author = value.strip()
        elif not body and key.strip().lower() == "public":
            public = value.strip().lower() in YES
        else:
            body.append(line)
    return [Commentary(section, p, (), author, public) for p in _paragraphs("\n".join(body))]


def _as_bool(value: Any) -> bool:
    return value is True or str(value).strip().lower() in YES


def parse_section_file(text: str, section: str) -> list[Commentary]:
    """The commentary in one section file (`section` is the file's code, used when the front matter
    does not say). Raises ValueError when the front matter cannot be read."""
    try:
        front, body = _split_front_matter(text)
    except yaml.YAMLError as error:
        raise ValueError(f"the front matter is not valid: {error}") from None
    if front is None:
        return _legacy(text, section)
    code = str(front.get("section") or section).strip().upper()
    against_raw = front.get("written_against") or {}
    against = tuple((str(k), str(v)) for k, v in against_raw.items()) if isinstance(against_raw, dict) else ()
    author, public = str(front.get("author") or "").strip(), _as_bool(front.get("public", False))
    period = str(front.get("period") or "")
    found: list[Commentary] = []
    for refs, block in _blocks(_commentary_part(body)):
        if not refs and str(front.get("draft_sha256") or "") == draft_hash(block):
            continue  # left as drafted: the report's narrative already says it
        found.extend(Commentary(code, p, refs, author, public, against, period) for p in _paragraphs(block))
    return found
