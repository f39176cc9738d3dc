"""Remove Korean news boilerplate that survives main-text extraction. Pure functions.

trafilatura keeps copyright tails, reporter sign-offs, reaction counters, "related news"
lists and portal footers inside the body; these would pollute matching and de-duplication.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from scwatch.core.extract.notices import is_notice_line, strip_notice_sentences
from scwatch.core.text.folding import clean_text, fold, squeeze

__all__ = [
    "CleanedBody",
    "clean_body",
    "is_outlet_or_section",
    "normalize_author",
    "person_names",
]


_TAGS = re.compile(r"<[^>]+>")


def strip_tags(text: str, replacement: str = "") -> str:
    """Markup-free text of a snippet that may carry tags (feed summaries, API titles)."""
    return _TAGS.sub(replacement, text)


@dataclass(frozen=True)
class CleanedBody:
    body: str
    authors: list[str] = field(default_factory=list)


_ROLE = (
    r"(?:기자|특파원|통신원|선임기자|객원기자|인턴기자|수습기자|전문기자|논설위원|편집위원"
    r"|칼럼니스트|앵커|기상캐스터|리포터|PD)"
)
_NAME = r"[가-힣]{2,4}"
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# "홍길동 기자 hong@…", "/홍길동 기자", "[가상경제 홍길동 기자]" (outlet name first).
_REPORTER_LINE = re.compile(
    rf"^[/\[(]?\s*(?:[가-힣A-Za-z0-9·]{{2,15}}\s+)?(?P<name>{_NAME})\s*(?P<role>{_ROLE})\s*[\])]?\s*"
    rf"(?:[(<\[]?\s*{_EMAIL.pattern}\s*[)>\]]?)?\s*$"
)
_REPORTER_TAIL = re.compile(
    rf"\s*[/(\[]?\s*(?P<name>{_NAME})\s*(?P<role>{_ROLE})\s*[(<\[]?\s*{_EMAIL.pattern}\s*[)>\]]?\s*$"
)
_SLASH_SIGN_OFF = re.compile(rf"\s*/\s*(?P<name>{_NAME})\s*(?P<role>{_ROLE})\s*$")
_END_MARK = re.compile(r"^[(<\[]?\s*끝\s*[)>\]]?$")
# "[시사타임즈 = 탁경선 기자]", "(서울=국제뉴스) 박종진 기자 =", "【서울=뉴시스】홍길동 기자 ="
_DATELINE = re.compile(
    r"^\s*[\[(【]\s*[^\])】\n=]{1,25}=\s*(?:(?P<name1>" + _NAME + r")\s*(?P<role1>" + _ROLE + r"))?"
    r"[^\])】\n]{0,10}[\])】]\s*(?:(?P<name2>" + _NAME + r")\s*(?P<role2>" + _ROLE + r")\s*=?\s*)?"
)
_JOINT_NAMES = rf"(?P<names>{_NAME}(?:\s*[·,]\s*{_NAME}|\s+{_NAME}(?=\s*[·,]?\s*[가-힣]))+)"
_JOINT_DATELINE = re.compile(
    r"^\s*[\[(【][^\])】\n]{1,30}[\])】]\s*" + _JOINT_NAMES + rf"\s*(?P<role>{_ROLE})\s*="
)
_JOINT_BYLINE = re.compile(
    rf"(?<![가-힣])(?P<names>{_NAME}(?:\s*·\s*{_NAME})+)\s*(?P<role>{_ROLE})"
)
_NAMES_SPLIT = re.compile(r"[\s·,]+")
_COPYRIGHT = re.compile(
    r"[<\[(【]?\s*(?:저작권자|Copyrights?\b|ⓒ|©|\([cC]\))[^\n]{0,160}?"
    r"(?:무단\s*(?:전재|복제|배포)[^\n]{0,40}?금지|재\s*배포\s*금지|All\s+rights\s+reserved)"
    r"[^\n]{0,60}?[.>\])】]*(?=\s|$)",
    re.I,
)
# What every _COPYRIGHT match contains: lines without it skip the costly pattern.
_COPYRIGHT_SIGN = re.compile(r"저작권자|copyright|ⓒ|©|\(c\)", re.I)
_COPYRIGHT_LINE = re.compile(
    r"무단\s*(?:전재|복제|배포)[^\n]{0,30}금지|재\s*배포\s*금지|all\s+rights\s+reserved"
    r"|공공누리\s*제?\s*\d\s*유형"
    r"|출처를\s*표시하면\s*자유롭게\s*이용할\s*수\s*있습니다",
    re.I,
)
_SECTION_HEADINGS = re.compile(
    r"^[\[<【■◆▣]?\s*(?:이\s*시각\s*)?(?:주요\s*뉴스|관련\s*기사|관련\s*뉴스|많이\s*본\s*(?:뉴스|기사)"
    r"|가장\s*많이\s*본\s*(?:뉴스|기사)|인기\s*기사|인기\s*뉴스|최신\s*기사|추천\s*기사|함께\s*보면"
    r"\s*좋은\s*(?:뉴스|기사)|이\s*기사와\s*함께\s*많이\s*본\s*뉴스|오늘의\s*(?:상승|하락)\s*종목"
    r"|실시간\s*암호화폐\s*시세|포토\s*뉴스|섹션\s*분류\s*안내|이\s*기사를\s*추천합니다"
    r"|다른\s*기사\s*보기|기자의\s*다른\s*기사|(?:최신|관련|다른)\s*보도\s*자료"
    r"|이\s*페이지에서\s*제공하는\s*정보에\s*대해\s*만족하십니까\??)\s*[\]>】]?\s*(?:더\s*보기|\+|more)?\s*$"
    r"|^기사의\s*섹션\s*정보는"
)
_PARAGRAPH_CHARS = 40
_REACTIONS = [
    "좋아요",
    "화나요",
    "슬퍼요",
    "추가취재 원해요",
    "후속기사 원해요",
    "훈훈해요",
    "놀랐어요",
    "추천해요",
    "싫어요",
    "흥미진진",
    "공감백배",
    "분석탁월",
    "후속강추",
    "응원해요",
    "궁금해요",
]
_REACTION_LINE = re.compile(
    r"^(?:\s*(?:"
    + "|".join(r"\s*".join(map(re.escape, r.split())) for r in _REACTIONS)
    + r")\s*\d*)+\s*$"
)
_UI_WORDS = frozenset(
    [
        "가장작게",
        "작게",
        "기본",
        "크게",
        "가장크게",
        "공유",
        "공유하기",
        "인쇄",
        "인쇄하기",
        "스크랩",
        "url복사",
        "링크복사",
        "페이스북",
        "트위터",
        "카카오톡",
        "카카오스토리",
        "밴드",
        "네이버",
        "기사저장",
        "글씨크기",
        "본문듣기",
        "닫기",
        "기사보내기",
        "sns",
        "댓글",
        "이메일",
        "메일",
        "구독",
        "목록",
        "복사",
        "기사공유",
        "글자크기",
        "글자",
        "크기",
        "설정",
        "x",
        "글자크게",
        "글자작게",
        "글씨키우기",
        "글씨줄이기",
        "메일보내기",
        "프린트",
        "북마크",
        "기사스크랩",
        "번역",
    ]
)
_NUMERIC_LINE = re.compile(r"^[\d\s.,%+\-−▲▼△▽↑↓()원$]+$")
_PROMO_START = re.compile(
    # "▶김현욱 : 네." is a speaker's turn in an interview transcript, not a promo link.
    r"^\s*(?:(?:▶|☞|▷|►)(?!\s*[^\s:：]{1,12}\s*[:：])|■\s*관련"
    r"|※\s*(?:제보|카카오톡|.{0,30}첨부\s*파일)|\[(?:관련기사|사진|영상)\s*보기\]"
    r"|제보는\s*카카오톡|카카오톡\s*제보)"
)
# "HOME > 뉴스 > 경제": a breadcrumb that came with a layout table.
_BREADCRUMB = re.compile(r"^(?:HOME|Home|home|홈)\s*(?:>|›|»)\s*\S.{0,60}$")
# Press-release contact lines: "담당 부서 : 국토교통부 도시경제과 (044-…)".
_CONTACT = re.compile(r"^[\[<(]?\s*(?:담당\s*부서|담당자|자료\s*문의|문의처?)\s*[\]>)]?\s*[:：]")
_PROMO_END = re.compile(r"(?:구독\s*하기|구독하세요|친구\s*추가|뉴스\s*제보|제보\s*하기)\s*$")
_UI_SPLIT = re.compile(r"[\s|·/]+")
_DATE_LINE = re.compile(
    r"(?:\s*[|·/]?\s*(?:기사\s*)?(?:최초\s*|최종\s*)?(?:입력|수정|등록|승인|업데이트|발행|게재|송고)"
    r"\s*(?:일시?)?\s*[:：]?\s*[\d.\-/: 년월일시분오전후APMapm]{8,30})+\s*"
)
_INFO_DATE = re.compile(
    r"(?:기사\s*)?(?:최초\s*|최종\s*)?(?:입력|수정|등록|승인|업데이트|발행|게재|송고|편집)"
    r"(?:\s*일시?)?\s*[:：]?\s*(?:19|20)\d{2}\s*[.\-/년][\d.\-/: 년월일시분오전후APMapm]{4,30}"
)
# The role ends the word: "기자님 좋아요", "기자회견" name no one.
_REPORTER_IN_LINE = re.compile(rf"({_NAME})\s*({_ROLE})(?![가-힣])")
_NOT_NAMES = frozenset(["보기", "다른", "구독", "사진", "영상", "취재", "전체", "담당", "이메일"])
_INFO_FILLER = re.compile(r"[\s|·/:()\[\]<>,]+")
_WEB_ADDRESS = re.compile(r"https?:|www\.|\.com")
_AUTHOR_SPLIT = re.compile(r"[,;/·|]|\s{2,}|\band\b")
_OUTLET_SUFFIX = re.compile(
    r"(?:신문|일보|뉴스|방송|경제|타임즈|타임스|미디어|투데이|저널|통신|닷컴|매거진|데일리|tv|TV)$"
)
_NOT_PEOPLE = frozenset(
    ["네이버", "다음", "카카오", "구글", "편집국", "편집부", "온라인뉴스팀", "디지털뉴스팀"]
)
# Section labels that layouts put where a byline goes: 2-4 syllables, like a name.
_SECTION_LABEL = re.compile(
    r"(?:정치|경제|사회|국제|세계|문화|연예|스포츠|오피니언|사설|칼럼|전국|지역|산업|증권|금융"
    r"|부동산|생활|과학|건강|교육|종합|일반|포토|영상|속보|단독|북한|정책|기업|날씨|여행|라이프"
    r"|피플|인물|IT|테크|자동차|유통|노동|환경|법조|사건|의료|복지|외교|국방|행정|지방)"
    r"(?:\s*일반|\s*종합)?"
    r"|[가-힣]{1,6}(?:부|팀|국|센터|데스크|본부)"
)
# "YTN 홍길동 (hong@…)": a sign-off with the bare name after the outlet.
_BARE_SIGN_OFF = re.compile(
    rf"^(?:[A-Za-z]{{2,8}}\s*|[가-힣]{{2,8}}(?:뉴스|방송|TV)\s+)?(?P<name>{_NAME})\s*"
    rf"[(<\[]\s*{_EMAIL.pattern}\s*[)>\]]$"
)


def _reporter(name: str | None, role: str | None) -> str:
    return f"{name} {role}" if name and role else ""


def _read_dateline(lines: list[str], authors: list[str]) -> None:
    """The reporter of a "(서울=연합뉴스) 홍길동 기자 =" opening; the line stays as it is, since
    the dateline is how the article's first sentence reads."""
    for line in lines[:3]:
        match = _DATELINE.match(line)
        if match is None:
            continue
        joint = _JOINT_DATELINE.match(line)
        if joint is not None:  # "(서울=연합뉴스) 홍길동 김철수 기자 ="
            authors.extend(_joint_reporters(joint["names"], joint["role"]))
            return
        first, second = (match["name1"], match["role1"]), (match["name2"], match["role2"])
        author = _reporter(*first) or _reporter(*second)
        if author:
            authors.append(author)
        return


def _joint_reporters(names: str, role: str) -> list[str]:
    return [f"{name} {role}" for name in _NAMES_SPLIT.split(names.strip()) if name]


def _expand_joint_bylines(text: str) -> str:
    """ "홍길동·김철수 기자" -> "홍길동 기자, 김철수 기자"."""
    return _JOINT_BYLINE.sub(lambda m: ", ".join(_joint_reporters(m["names"], m["role"])), text)


def _is_ui_line(line: str) -> bool:
    if len(line) > 80:
        return False
    words = _UI_SPLIT.split(fold(line))
    return all(w in _UI_WORDS or w.isdigit() for w in words if w) and any(words)


def _is_noise_line(line: str) -> bool:
    return bool(
        _REACTION_LINE.match(line)
        or _NUMERIC_LINE.match(line)
        or _PROMO_START.match(line)
        or is_notice_line(line)
        or _PROMO_END.search(line[-20:])
        or _is_ui_line(line)
        or _END_MARK.match(line)
        or (len(line) < 100 and _DATE_LINE.fullmatch(line))
        or ("@" in line and _EMAIL.fullmatch(line.strip("()<>[] ")))
        or (len(line) < 120 and bool(_BREADCRUMB.match(line) or _CONTACT.match(line)))
    )


def _cut_tail(lines: list[str]) -> list[str]:
    """Drop a related-news list or portal footer and everything after it.

    A heading before any real paragraph is only dropped itself: cutting there would lose
    the article.
    """
    seen_paragraph = False
    kept: list[str] = []
    for line in lines:
        if _SECTION_HEADINGS.match(line):
            if seen_paragraph:
                return kept
            continue
        seen_paragraph = seen_paragraph or len(line) >= _PARAGRAPH_CHARS
        kept.append(line)
    return kept


def _cut_copyright(lines: list[str]) -> list[str]:
    """Cut the copyright notice and what follows it, when it sits in the second half."""
    total = sum(len(line) for line in lines)
    seen = 0
    for index, line in enumerate(lines):
        match = _COPYRIGHT.search(line) if _COPYRIGHT_SIGN.search(line) else None
        late = seen >= total / 2 or index >= len(lines) - 3
        if match is not None and late:
            kept = line[: match.start()].rstrip()
            return [*lines[:index], kept] if kept else lines[:index]
        if match is not None:
            lines[index] = (line[: match.start()] + line[match.end() :]).strip()
        elif _COPYRIGHT_LINE.search(line) and len(line) <= 120:
            if late:
                return lines[:index]
            lines[index] = ""
        seen += len(line)
    return lines


def _is_info_line(line: str, authors: list[str]) -> bool:
    """A byline with 입력/수정 dates ("홍길동 기자 | 기사입력 : 2013-02-14 오전 9:05"): its
    reporters are kept, the line is not body text."""
    if len(line) > 150 or not _INFO_DATE.search(line):
        return False
    rest = _INFO_DATE.sub(" ", line)
    reporters = _REPORTER_IN_LINE.findall(rest)
    rest = _INFO_FILLER.sub("", _REPORTER_IN_LINE.sub(" ", rest))
    if len(rest) > 12:
        return False
    authors.extend(_reporter(name, role) for name, role in reporters)
    return True


def _take_reporters(lines: list[str], authors: list[str]) -> list[str]:
    kept: list[str] = []
    for line in lines:
        match = _REPORTER_LINE.match(line)
        if match is not None:
            authors.append(_reporter(match["name"], match["role"]))
            continue
        bare = _BARE_SIGN_OFF.match(line) if "@" in line else None
        if bare is not None:
            authors.append(bare["name"])
            continue
        tail = _REPORTER_TAIL.search(line) if "@" in line else _SLASH_SIGN_OFF.search(line)
        if tail is not None:
            authors.append(_reporter(tail["name"], tail["role"]))
            line = line[: tail.start()].rstrip()
        if "@" in line and len(line) < 80:
            line = _EMAIL.sub("", line).rstrip()
        kept.append(line)
    return kept


def _drop_title_line(lines: list[str], title: str) -> list[str]:
    """Generic extraction sometimes starts the body with the headline itself."""
    squeezed_title = squeeze(title)
    for index, line in enumerate(lines[:3]):
        if squeezed_title and squeeze(line) == squeezed_title:
            return lines[:index] + lines[index + 1 :]
    return lines


def clean_body(text: str, title: str = "") -> CleanedBody:
    """The article text without boilerplate, plus the reporters named in it."""
    authors: list[str] = []
    lines = _drop_title_line(clean_text(text).split("\n"), title)
    _read_dateline(lines, authors)
    lines = _cut_tail(lines)
    lines = _cut_copyright(lines)
    lines = [line for line in lines if not _is_info_line(line, authors)]
    lines = [strip_notice_sentences(line) for line in lines if not _is_noise_line(line)]
    lines = _take_reporters(lines, authors)
    body = clean_text("\n".join(line for line in lines if line.strip()))
    return CleanedBody(body=body, authors=list(dict.fromkeys(a for a in authors if a)))


def _author_part(part: str) -> str:
    part = _EMAIL.sub("", part)
    part = re.sub(r"^[^=]*=", "", part)  # "스포츠조선=선수민 기자"
    part = re.sub(r"[\[\]()<>{}\"']", " ", part)
    part = " ".join(part.split())
    # "홍길동 기자 김철수 기자": every reporter of a byline box, with the role.
    reporters = [
        f"{name} {role}" for name, role in _REPORTER_IN_LINE.findall(part) if name not in _NOT_NAMES
    ]
    if reporters:
        return ", ".join(reporters)
    if part in _NOT_PEOPLE or is_outlet_or_section(part) or _WEB_ADDRESS.search(part):
        return ""
    if re.fullmatch(_NAME, part) or re.fullmatch(r"[A-Za-z][A-Za-z .'-]{1,40}", part):
        return part
    return ""


def is_outlet_or_section(text: str) -> bool:
    """An outlet's name ("가상일보", "SBS 뉴스") or a section label ("경제", "사회부")."""
    return bool(_OUTLET_SUFFIX.search(text) or _SECTION_LABEL.fullmatch(text))


def person_names(author: str) -> set[str]:
    """The names in a normalized author string, roles set aside."""
    return {re.sub(rf"\s*{_ROLE}$", "", part.strip()) for part in author.split(",") if part.strip()}


def normalize_author(raw: str) -> str:
    """A clean "홍길동 기자, 김철수 기자" string; outlet names, portals and e-mails dropped."""
    if not raw:
        return ""
    parts = (_author_part(p) for p in _AUTHOR_SPLIT.split(_expand_joint_bylines(clean_text(raw))))
    return ", ".join(dict.fromkeys(p for p in parts if p))
