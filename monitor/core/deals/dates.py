"""When a coming signing takes place: a stated day or a named event (docs/deals.md, "Status").

A signing is `scheduled` only when its day (오는 29일, 7월 29일, 내달 4일, 16일 송도 G타워에서,
`on Friday`) or its event (…엑스포서, WSCW 2018서, `at SCEWC`) is stated; 다음달 alone or a
past day (지난 16일) fixes nothing.
"""

from __future__ import annotations

import re

# A stated day the signing falls on: 오는 29일, 7월 29일, 29일부터, 29~31일.
DATE_CUE = re.compile(
    r"오는\s?\d{1,2}일|\d{1,2}월\s?\d{1,2}일|\d{1,2}일\s?(?:부터|~|\(|오전|오후)"
    r"|(?:내달|다음\s?달)\s?\d{1,2}일|(?:내일|오는)\s"
    r"|(?<!지난\s)\d{1,2}일\s?(?:[^\s,]+\s){0,2}[^\s,]+(?:에서|서)\s"
    r"|\b(?:on|next) (?:Sept?\.?|Oct\.?|Nov\.?|Dec\.?|Jan\.?|Feb\.?|March|April|"
    r"May|June|July|Aug\.?|week|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)",
    re.IGNORECASE,
)
# A named event where the signing will take place: …엑스포서, WSCW 2018서, 포럼에서.
EVENT_CUE = re.compile(
    r"(?:엑스포|포럼|박람회|서밋|콩그레스|위크|로드쇼|CES|GITEX|GICC|SLW|WSCW|SCEWC)"
    r"\S*\s?(?:\d{4}\s?)?['\"’”)]?\s?(?:현장)?(?:에서|서)\s|\bat (?:the )?[A-Z]\w+",
    re.IGNORECASE,
)
