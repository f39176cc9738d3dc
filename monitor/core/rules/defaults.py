"""The built-in alias groups, term disambiguation table and the two default rules.

Alias entries are literal terms: spacing, case and full-width forms do not matter
(스마트 시티 = 스마트시티, ＭＯＵ = mou), so each entry lists one spelling. Measured
precision and recall of the keyword rules: docs/rules.md, "Measured quality"; of the deal
rules: docs/deals.md.
"""

from __future__ import annotations

from scwatch.core.models import Rule
from scwatch.core.rules.terms import TermContext

DEFAULT_ALIASES: dict[str, tuple[str, ...]] = {
    "smartcity": (
        "스마트시티",
        "스마트도시",
        "K-스마트시티",
        "smart city",
        "smart cities",
        "K-Smart City",
        "K-City Network",
        "U-City",
        "智慧城市",
    ),
    # 해외진출 (overseas expansion) is deliberately absent: expo programmes and policy
    # papers use it for seminars and plans, not for deals (seed 001).
    "export": (
        "수출",
        "수주",
        "해외수주",
        "수출계약",
        "export",
        "exports",
        "exported",
        "exporting",
    ),
    "mou": (
        "MOU",
        "MOUs",
        "MOA",
        "양해각서",
        "업무협약",
        "협약",
        "협정",
        "합의각서",
        "LOI",
        "의향서",
    ),
}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Disambiguation of short Hangul terms (see scwatch.core.rules.terms). A short term needs a word
# boundary before it unless one of its allowed prefixes stands there; excluded prefixes and
# continuations name the other words that contain it.
DEFAULT_TERM_CONTEXTS: dict[str, TermContext] = {
    "수출": TermContext(
        allowed_prefixes=_words(
            "해외 첫 기술 도시 시티 모델 인프라 플랜트 솔루션 패키지 서비스 플랫폼"
        ),
        # 수출입 (trade in both directions, 수출입은행) and export controls are not deals.
        excluded_continuations=_words("입 규제 통제 금지"),
    ),
    "수주": TermContext(
        allowed_prefixes=_words("해외 첫 신규 대형 추가 단독 공동 최대 사업 공사 프로젝트 설계"),
        # 수주간 / 수주째 / 수주일: "a few weeks", not an order won (this also drops the
        # rare 수주 일정, "order schedule").
        excluded_continuations=_words("간 째 일 동안 만에 전부터"),
    ),
    "협약": TermContext(
        allowed_prefixes=_words("업무 협력 상호 투자 공동 교류 사업 기술 전략 파트너십"),
        # Climate conventions and collective labour agreements are not MOUs.
        excluded_prefixes=_words("기후 기후변화 단체 파리"),
    ),
    "협정": TermContext(
        allowed_prefixes=_words("협력 양자 기본 정부간 이행"),
        # Trade, tariff and investment treaties are not MOUs.
        excluded_prefixes=_words("무역 자유무역 관세 투자 투자보장 기후"),
    ),
}

# The default rules read the extracted deals (scwatch.core.deals): an export or MOU the
# article reports as done (or, for MOUs, scheduled), with smart city as its subject.
DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        name="smart-city export",
        query="deal:export AND status:done AND subject:smartcity",
        description="Korean smart-city exports, orders won and export-consultation results.",
    ),
    Rule(
        name="smart-city MOU",
        query="deal:mou AND subject:smartcity AND (status:done OR status:scheduled)",
        description="Smart-city MOUs and cooperation agreements signed or fixed to be signed.",
    ),
)

# The keyword rules that were the defaults before deal extraction: for users who want every
# article that names smart city and an export or MOU word (higher recall, more noise).
KEYWORD_RULES: tuple[Rule, ...] = (
    Rule(
        name="smart-city export",
        query="@smartcity AND @export",
        description="Korean smart-city exports and overseas orders (수출, 수주).",
    ),
    Rule(
        name="smart-city MOU",
        query="@smartcity AND @mou",
        description="Smart-city MOUs, cooperation agreements and letters of intent.",
    ),
)
