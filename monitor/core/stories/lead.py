"""The part of an article that tells its event: the text without house boilerplate, and the
lead (its first sentences). Pure.

Full-length articles carry more than the event: press-release bullets ("□ ○ -", "보도자료",
"붙임"), photo credits ("[사진=…]", "(…제공)"), bylines ("[ZDNet Korea 박건우 기자]"),
copyright tails ("<저작권자 © …>"), broadcast tags ("[앵커]"), and background paragraphs
that name an earlier deal, the twin event or the partner's other projects. The event
signature is read from the title and the lead of the cleaned text (its first LEAD_CHARS),
stated amounts from the whole cleaned text, MinHash from the cleaned text, so two outlets'
copies of one release do not differ by their tails.
"""

from __future__ import annotations

import re

from scwatch.core.stories.dateline import without_dateline

LEAD_CHARS = 600
# Anywhere in the text: credits, tails, tags, e-mail addresses, photo date stamps.
_NOISE = re.compile(
    r"<[^<>]{0,60}(?:저작권|ⓒ|©|copyright)[^<>]{0,60}>"
    r"|[(\[【][^()\[\]【】]{0,40}(?:제공|사진|그래픽|DB 금지|재판매)[^()\[\]【】]{0,40}[)\]】]"
    r"|(?:저작권자|copyright|ⓒ|©|◎|▶).{0,80}?(?:금지|reserved|바로가기|기다립니다)\.?"
    r"|\[(?:앵커|기자|리포트|그래픽)\]|\(END\)|\(장관 ?○+\)"
    # An address starts where no address character stands before it (else a long run of
    # letters or digits is retried from every position: quadratic on a hostile page).
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
    r"|\b20\d\d[./]\d{1,2}[./]\d{1,2}\.?(?:/[\w가-힣]+)?"
    r"|[□○▲◎▶■●◆◇※]",
    re.IGNORECASE,
)
# At the top: an outlet's byline or non-wire dateline ("[경남일보]", "[세종=이데일리 김지훈
# 기자]", "[대구=뉴시스]박서윤 기자 =", "SEJONG, Feb. 27 --", "DUBAI --").
_HEAD = re.compile(
    r"^\s*(?:[(\[【][^()\[\]【】\n]{1,40}[)\]】]\s*(?:[가-힣]{2,4}\s*기자\s*=?)?"
    r"|[A-Z][A-Z ]{2,20}(?:,[^-\n]{1,40})?\s*--)\s*"
)
_RELEASE_LINE = re.compile(r"^\s*(?:보도\s*(?:참고)?\s*자료|붙임|배포\s*일시|보도\s*일시).*$", re.M)
_SPACES = re.compile(r"[ \t]+")


def clean(title: str, body: str) -> str:
    """`body` without its dateline, byline, release header, bullets, credits and tails; a
    first line repeating the title (a release) is dropped."""
    text = without_dateline(body)
    text = _RELEASE_LINE.sub(" ", text)
    lines = text.strip().split("\n")
    if len(lines) > 1 and _squash(lines[0]) == _squash(title):
        lines = lines[1:]
    text = "\n".join(line.strip().lstrip("-– ") for line in lines)
    text = _HEAD.sub("", text.strip(), count=1)
    return _SPACES.sub(" ", _NOISE.sub(" ", text)).strip()


def lead_of(text: str) -> str:
    """The lead of a cleaned text: its first LEAD_CHARS characters (a cut after the first
    two or three sentences lost dev recall: the rewrites name the parties later)."""
    return text[:LEAD_CHARS]


def _squash(text: str) -> str:
    return re.sub(r"\W+", "", text)
