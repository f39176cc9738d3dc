"""Wire datelines: "(서울=연합뉴스) 홍길동 기자 =", "[세종=뉴시스]", "(서울=뉴스1)". Pure.

An outlet that runs a wire story keeps the agency's dateline at the top of the body, so the
dateline tells that the text came from the wire and which agency wrote it first.
"""

from __future__ import annotations

import re

WIRES = ("연합뉴스", "뉴시스", "뉴스1", "연합뉴스TV", "News1", "Newsis", "Yonhap")
_CANONICAL = {"news1": "뉴스1", "newsis": "뉴시스", "yonhap": "연합뉴스", "연합뉴스tv": "연합뉴스"}
# "(서울=연합뉴스)", "[세종=뉴시스]", "(서울·세종=뉴스1)", "(Seoul=Yonhap)".
_DATELINE = re.compile(
    r"[(\[【]\s*[\w·ㆍ ]{1,12}\s*=\s*(" + "|".join(map(re.escape, WIRES)) + r")\s*[)\]】]",
    re.IGNORECASE,
)
_HEAD = 300  # a dateline sits in the first lines; a quoted one deep in the text is not ours


def wire_of(body: str) -> str | None:
    """The wire agency named by the dateline at the top of `body`, in its Korean name."""
    found = _DATELINE.search(body[:_HEAD])
    if found is None:
        return None
    name = found.group(1)
    return _CANONICAL.get(name.casefold(), name)


def without_dateline(body: str) -> str:
    """`body` with its wire dateline blanked: the dateline's city is not the event's."""
    found = _DATELINE.search(body[:_HEAD])
    if found is None:
        return body
    return body[: found.start()] + " " * (found.end() - found.start()) + body[found.end() :]
