"""The pages of a small Korean news site used by the crawl tests (texts written for these
tests). Each article is long enough to be extracted; every body is different."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class FixtureArticle:
    path: str
    title: str
    paragraphs: tuple[str, ...]
    charset: str = "utf-8"

    def html(self) -> bytes:
        body = "\n".join(f"<p>{escape(p)}</p>" for p in self.paragraphs)
        page = f"""<!doctype html>
<html lang="ko"><head><meta charset="{self.charset}">
<title>{escape(self.title)} | 시험일보</title></head>
<body>
<header><nav><a href="/">홈</a> <a href="/list/page1.html">지역 소식</a></nav></header>
<main><article>
<h1>{escape(self.title)}</h1>
{body}
</article></main>
<footer><p>시험일보 · 이 페이지는 크롤러 시험용입니다.</p></footer>
</body></html>"""
        # CP949 is what an "euc-kr" label means in practice (it has 똠 and 뷁).
        codec = "cp949" if self.charset == "euc-kr" else self.charset
        return page.encode(codec)


BUSAN = FixtureArticle(
    "/articles/busan-bus-stop.html",
    "부산 스마트 버스정류장, 베트남 다낭에 첫 수출",
    (
        "부산시와 지역 중소기업 네 곳이 함께 개발한 스마트시티 버스정류장이 베트남 다낭시로 "
        "처음 수출된다. 양측은 지난주 다낭 시청에서 정류장 스무 곳을 설치하는 공급 계약을 맺었다.",
        "수출되는 정류장은 냉난방 설비와 실시간 도착 안내판, 공기질 측정 센서를 갖췄다. 정류장 "
        "지붕의 카메라는 기다리는 사람 수를 세어 배차 간격을 조정하는 데 쓰인다. 다낭시는 "
        "관광객이 몰리는 해안 도로부터 차례로 설치할 계획이다.",
        "컨소시엄 관계자는 현지의 덥고 습한 날씨에 맞춰 방수와 방열 설계를 새로 했고, 유지보수 "
        "인력도 현지에서 뽑기로 했다고 설명했다. 부산시는 이번 계약이 다른 동남아 도시로 판로를 "
        "넓히는 계기가 되기를 바란다고 밝혔다.",
    ),
)
SEJONG = FixtureArticle(
    "/articles/sejong-shuttle.html",
    "세종시, 자율주행 셔틀 야간 운행 시범사업 시작",
    (
        "세종시가 다음 달부터 정부청사 주변 순환 노선에서 자율주행 셔틀을 밤 열한 시까지 "
        "운행한다. 지금까지는 낮 시간에만 다녔는데, 늦게 퇴근하는 공무원과 주민의 요청이 많았다.",
        "셔틀에는 안전요원이 한 명씩 탑승하며, 어두운 구간에서는 열화상 카메라와 라이다가 "
        "보행자를 먼저 찾아낸다. 시는 석 달 동안 사고 없이 운행하면 노선을 두 개 더 늘릴 "
        "예정이다.",
        "시 관계자는 야간 운행 자료를 모아 신호 연동과 정류장 조명 개선에도 활용하겠다고 "
        "말했다. 이용 요금은 시범 기간 동안 받지 않으며, 전용 앱으로 좌석을 미리 예약할 수 있다.",
    ),
)
SUWON = FixtureArticle(
    "/articles/suwon-streetlight.html",
    "수원시 스마트 가로등, 밤길 보행자 안전 높였다",
    (
        "수원시가 주택가 골목 삼백여 곳에 설치한 스마트 가로등의 효과를 분석한 결과, 밤 시간 "
        "보행자 관련 신고가 이전보다 눈에 띄게 줄었다고 밝혔다.",
        "이 가로등은 사람이 다가오면 밝기를 높이고 아무도 없을 때는 낮춰 전기를 아낀다. 비명이나 "
        "큰 충격음을 감지하면 가까운 관제센터에 알림을 보내고, 근처 방범 카메라가 그쪽을 비춘다.",
        "시는 주민 설문에서 밤길이 더 안전해졌다는 답이 많았다며 내년에는 대학가와 공원 "
        "산책로로 설치 지역을 넓히겠다고 했다. 설치 비용의 절반은 국비로 마련했다.",
    ),
)
TOMYUM = FixtureArticle(
    "/articles/tomyum-festival.html",
    "똠얌꿍 축제장에 스마트 관광 안내판 첫선",
    (
        "태국 음식 문화를 알리는 똠얌꿍 축제가 열린 광장에 다국어 스마트 관광 안내판이 처음 "
        "설치됐다. 방문객은 화면을 눌러 행사 일정과 주변 식당, 대중교통 정보를 볼 수 있다.",
        "안내판은 한국어와 영어, 태국어, 베트남어를 지원하고, 혼잡한 부스를 피하는 길도 알려 "
        "준다. 운영사는 축제 기간 동안 모인 이용 기록을 익명으로 바꿔 다음 행사 배치에 쓸 "
        "계획이다.",
        "주최 측은 외국인 관광객의 문의가 지난해보다 크게 줄었다며 안내판을 상설 관광지에도 "
        "두는 방안을 시와 논의하고 있다고 전했다.",
    ),
    charset="euc-kr",
)
CHATBOT = FixtureArticle(
    "/articles/typo-chatbot.html",
    "'뷁' 같은 오타도 알아듣는 구청 민원 챗봇 도입",
    (
        "한 구청이 맞춤법이 틀리거나 자판을 잘못 눌러 생긴 글자가 섞여도 뜻을 짐작해 답하는 "
        "민원 챗봇을 도입했다. 시험 기간에 '뷁'처럼 뜻 없는 글자가 들어간 질문도 대부분 "
        "제대로 처리했다.",
        "챗봇은 주차 단속, 쓰레기 배출, 각종 증명서 발급 같은 자주 묻는 민원에 밤낮없이 답한다. "
        "답하기 어려운 질문은 담당 부서 직원에게 넘기고, 처리 결과를 문자로 알려 준다.",
        "구청은 어르신과 외국인 주민도 쉽게 쓸 수 있도록 음성 입력 기능을 추가하고, 상담 기록은 "
        "일정 기간이 지나면 지우도록 했다고 설명했다.",
    ),
    charset="euc-kr",
)
SONGDO = FixtureArticle(
    "/articles/songdo-data-hub.html",
    "인천 송도, 도시 데이터 허브 민간에 개방",
    (
        "인천경제자유구역청이 송도국제도시의 교통량과 에너지 사용량, 대기질 자료를 모은 도시 "
        "데이터 허브를 기업과 연구기관에 개방했다.",
        "허브에 가입한 기업은 익명 처리된 자료를 내려받아 새 서비스를 시험할 수 있다. 첫 달에만 "
        "스타트업 열두 곳이 주차 공유와 배달 경로 최적화 서비스를 만들겠다며 신청했다.",
        "청 관계자는 개인정보가 드러나지 않도록 자료를 한 시간 단위로 묶어 제공한다며, 활용 "
        "사례가 쌓이면 자료 종류를 더 늘리겠다고 밝혔다.",
    ),
)
GIMPO = FixtureArticle(
    "/articles/gimpo-drt.html",
    "김포 수요응답형 버스, 출근길 대기시간 줄여",
    (
        "김포시가 신도시 일부 지역에서 운영하는 수요응답형 버스가 출근길 평균 대기시간을 "
        "절반 가까이 줄인 것으로 나타났다. 승객이 앱으로 부르면 가까운 차량이 경로를 바꿔 온다.",
        "차량 배차는 인공지능이 실시간 호출을 묶어 정하며, 같은 방향 승객을 한 번에 태운다. "
        "시는 운행 구역을 넓히기 전에 운전기사 휴게 시간과 차량 충전 일정을 먼저 손보기로 했다.",
        "이용자들은 정해진 노선버스보다 기다리는 시간이 짧아 좋다면서도, 출근 시간대에는 "
        "호출이 몰려 배차가 늦어진다는 의견을 냈다.",
    ),
)
DAEGU = FixtureArticle(
    "/list-articles/daegu-parking.html",
    "대구시, 스마트 주차 안내 시스템 전통시장으로 확대",
    (
        "대구시가 공영주차장 빈자리를 실시간으로 알려 주는 스마트 주차 안내 시스템을 전통시장 "
        "여섯 곳의 주차장으로 넓힌다.",
        "주차면마다 설치한 센서가 차량 유무를 확인하고, 시장 입구 전광판과 지도 앱에 빈자리 수를 "
        "띄운다. 상인회는 주말마다 골목을 돌던 차량이 줄어 손님들의 불만이 덜할 것으로 기대했다.",
        "시는 설치가 끝나는 대로 주차 요금도 앱에서 바로 낼 수 있게 하고, 혼잡한 시간대에는 "
        "가까운 다른 주차장을 안내할 계획이다.",
    ),
)
GWANGJU = FixtureArticle(
    "/list-articles/gwangju-signals.html",
    "광주 AI 교통신호 최적화, 교차로 통과시간 단축",
    (
        "광주시가 도심 주요 교차로 마흔 곳에 인공지능 교통신호 제어를 적용한 뒤 차량의 교차로 "
        "통과시간이 평균 이십 퍼센트가량 줄었다고 발표했다.",
        "신호 제어기는 교차로 카메라가 센 차량 대기열을 보고 녹색 신호 길이를 바꾼다. 구급차가 "
        "접근하면 진행 방향 신호를 먼저 열어 주는 기능도 함께 시험하고 있다.",
        "시는 보행자 신호가 짧아졌다는 민원이 없도록 횡단보도 대기 인원도 함께 측정하고 있으며, "
        "연말까지 적용 교차로를 백 곳으로 늘릴 방침이다.",
    ),
)
SLOW = FixtureArticle(
    "/articles/busy-server.html",
    "창원시, 산업단지 에너지 관리 플랫폼 구축",
    (
        "창원시가 국가산업단지 입주 기업의 전력과 가스 사용량을 한눈에 보여 주는 에너지 관리 "
        "플랫폼을 만들었다. 공장별 사용 패턴을 비교해 낭비가 큰 설비를 찾아낸다.",
        "참여 기업 서른 곳은 첫 석 달 동안 피크 시간대 전력 사용을 줄여 요금 부담을 덜었다. "
        "플랫폼은 설비 고장 징후가 보이면 담당자에게 미리 알림을 보내기도 한다.",
        "시는 내년에 참여 기업을 백 곳으로 늘리고, 절감한 에너지 양을 탄소 배출 감축 실적으로 "
        "인정받을 수 있도록 관련 기관과 협의할 계획이다.",
    ),
)
PRIVATE = FixtureArticle(
    "/private/internal-memo.html",
    "내부 문서: 외부 공개 금지",
    ("이 페이지는 robots.txt가 막고 있으므로 크롤러가 절대 요청하면 안 된다. " * 8,),
)

FEED_ARTICLES = (BUSAN, SEJONG, SUWON, TOMYUM, CHATBOT, SONGDO, GIMPO, SLOW)
LISTING_ARTICLES = (DAEGU, GWANGJU)
ALL_ARTICLES = (*FEED_ARTICLES, *LISTING_ARTICLES, PRIVATE)

ROBOTS_TXT = b"User-agent: *\nDisallow: /private/\n"

# Dates as a Korean feed writes them: an offset without the space before it.
SONGDO_PUBDATE = "Mon, 03 Nov 2025 14:30:00+0900"


def rss(title: str, items: list[tuple[str, str, str, str]], encoding: str = "utf-8") -> bytes:
    """An RSS 2.0 document; items are (title, link, guid, pubDate)."""
    item_xml = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<guid>{escape(guid)}</guid><pubDate>{date}</pubDate>"
        f"<description>{escape(t)} 관련 소식입니다.</description></item>\n"
        for t, link, guid, date in items
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>http://example.invalid/</link>"
        f"<description>시험용 피드</description>\n{item_xml}</channel></rss>\n"
    )
    return text.encode("cp949" if encoding == "euc-kr" else encoding)


def utf8_feed(base: str) -> bytes:
    date = "Tue, 04 Nov 2025 09:00:00 GMT"
    return rss(
        "시험일보 전체기사",
        [
            (BUSAN.title, base + BUSAN.path, "busan-1", date),
            (SEJONG.title, base + SEJONG.path, "sejong-1", date),
            # A relative link: resolved against the feed URL.
            (SUWON.title, SUWON.path, "suwon-1", date),
        ],
    )


def euckr_feed(base: str) -> bytes:
    date = "Tue, 04 Nov 2025 10:00:00 +0900"
    return rss(
        "시험일보 지역판",
        [
            (TOMYUM.title, base + TOMYUM.path, "tomyum-1", date),
            (CHATBOT.title, base + CHATBOT.path, "chatbot-1", date),
        ],
        encoding="euc-kr",
    )


def dates_feed(base: str) -> bytes:
    # Both items carry the same guid (a CMS bug seen in the wild): links must identify them.
    return rss(
        "시험일보 수도권",
        [
            (SONGDO.title, base + SONGDO.path, "same-guid", SONGDO_PUBDATE),
            (GIMPO.title, base + GIMPO.path, "same-guid", "Mon, 03 Nov 2025 08:00:00+0900"),
        ],
    )


def guarded_feed(base: str) -> bytes:
    date = "Tue, 04 Nov 2025 11:00:00 +0900"
    return rss(
        "시험일보 기타",
        [
            (PRIVATE.title, base + PRIVATE.path, "private-1", date),
            (SLOW.title, base + SLOW.path, "slow-1", date),
        ],
    )


MALFORMED_FEED = (
    b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>'
    + "깨진 피드".encode()
    + b"</title><<<garbage & more </channel"
)
NOT_A_FEED = (
    "<!doctype html><html><head><title>RSS 안내</title></head><body>"
    "<p>이 주소는 피드가 아니라 안내 페이지입니다.</p></body></html>"
).encode()


def listing_page(links: list[tuple[str, str]], next_path: str | None) -> bytes:
    items = "".join(f'<li><a href="{path}">{escape(title)}</a></li>' for path, title in links)
    next_link = f'<a class="next" href="{next_path}">다음</a>' if next_path else ""
    return (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>지역 소식</title>'
        '</head><body><nav><a href="/about.html">회사 소개</a></nav>'
        f'<ul class="headlines">{items}</ul>{next_link}</body></html>'
    ).encode()
