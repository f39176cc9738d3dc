"""The article layouts of the Korean CMSs and outlets scwatch knows. Data only.

Each SiteProfile says where a layout keeps its headline, body, reporter and 입력/수정 dates,
and which elements inside the body are not the story (photos, ads, reporter boxes). A layout
is recognised by URL, else by a fingerprint element (an id, or a whole class name) in the
page, so mirrors and copies of a layout are recognised on other hosts too; layouts whose
ids or class names are common elsewhere (article_body, news_view, article_view,
article-text) are recognised by URL only. Selectors
come from public crawler code and notes (docs/extraction.md lists the sources); anything
not recognised goes to trafilatura unchanged.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["GENERIC", "PROFILES", "SiteProfile"]


@dataclass(frozen=True)
class SiteProfile:
    name: str
    url_pattern: str = ""
    # The id, or failing that a class, of an element only this layout has.
    fingerprint_id: str = ""
    fingerprint_class: str = ""
    title: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    # CSS selector groups: every element they match counts.
    info: str = ""
    published: tuple[tuple[str, str], ...] = ()
    updated: tuple[tuple[str, str], ...] = ()
    author: tuple[str, ...] = ()
    # Press releases are signed by a ministry or department rather than a reporter.
    department: tuple[str, ...] = ()
    drop: str = ""


# Photos and their captions are not part of the story text in any layout.
_PHOTOS = "figure, figcaption, .photo, .caption, .img_desc"

NDSOFT = SiteProfile(
    name="ndsoft",
    url_pattern=r"/news/article(?:View)?\.html\?(?:.*&)?idxno=\d+",
    fingerprint_id="article-view-content-div",
    title=(
        "header.article-view-header .heading",
        "div.article-head-title",
        ".article-header .heading",
    ),
    body=("article#article-view-content-div", "#article-view-content-div"),
    info="header.article-view-header ul.infomation, ul.infomation, div.info-text, div.info-group",
    author=("ul.infomation li", "div.info-text li", "li.name", ".writer", "div.info-group .name"),
    drop=".view-copyright, .view-editors, .article-ad, .ad-template, aside, .view-aside,"
    " .related-articles, .article-copy, .IMGFLOATING, ins.adsbygoogle, " + _PHOTOS,
)
NAVER_NEW = SiteProfile(
    name="naver",
    url_pattern=r"^https?://n\.news\.naver\.com/(?:mnews/)?article/",
    fingerprint_id="dic_area",
    title=("h2#title_area", ".media_end_head_headline"),
    body=("article#dic_area", "#dic_area"),
    published=(("span._ARTICLE_DATE_TIME", "data-date-time"),),
    updated=(("span._ARTICLE_MODIFY_DATE_TIME", "data-modify-date-time"),),
    author=(".media_end_head_journalist_name", ".byline_s", ".byline"),
    drop=".media_end_summary, .media_end_copyright, .byline, .reporter_area, .end_photo_org,"
    " .vod_player_wrap, .nbd_table, " + _PHOTOS,
)
NAVER_OLD = SiteProfile(
    name="naver_old",
    url_pattern=r"^https?://news\.naver\.com/main/read\.nhn",
    fingerprint_id="articleBodyContents",
    title=("h3#articleTitle", "#articleTitle"),
    body=("div#articleBodyContents", "#articleBodyContents"),
    info="div.sponsor, .article_info",
    published=(("div.sponsor span.t11", ""),),
    author=(".byline", ".journalistcard_summary_name"),
    drop=".link_news, .end_photo_org, .byline, " + _PHOTOS,
)
KOREA_KR = SiteProfile(
    name="korea_kr",
    url_pattern=r"^https?://(?:www\.|m\.)?korea\.kr/",
    fingerprint_class="view_cont",
    title=("div.view_title h1", "div.view_title h2", ".article_head h1", "h1.title"),
    body=("div.view_cont", "div.article_body", "div.view_content", "div.article_content"),
    info="div.view_title .info, .article_head .info, div.info, .view_info",
    published=(("div.info span.date", ""), ("span.date", "")),
    author=("div.info .writer", "span.writer", ".view_info .writer"),
    department=("div.info span.dept", "span.dept", ".view_info .dept"),
    drop=".view_copyright, .share, .sns, .attach, .file_list, .file_down, .kogl, .contact,"
    " " + _PHOTOS,
)
# Arc XP (조선일보, 2020 onwards): paragraphs are p.article-body__content-text.
CHOSUN = SiteProfile(
    name="chosun",
    url_pattern=r"^https?://(?:www\.|m\.|biz\.)?chosun\.com/",
    fingerprint_class="article-body__content-text",
    title=("h1.article-header__headline", ".article-header__headline"),
    body=("section.article-body", "div.article-body"),
    info="div.article-dateline, .article-dateline",
    author=("a.article-byline__author", ".article-byline"),
    drop=".article-body__content-image, .article-body__content-ad, .arcad,"
    " .article-body__content-rich_text_box, .article-body__content-video, " + _PHOTOS,
)
DONGA = SiteProfile(
    name="donga",
    url_pattern=r"^https?://(?:www\.|m\.)?donga\.com/news/",
    title=("section.head_group h1.title", "div.article_title h1.title", "h1.title"),
    body=("section.news_view", "div.article_txt"),
    info="section.head_group .news_info, div.title_foot, ul.news_info",
    author=("div.byline .name", "div.byline", "span.report"),
    drop=".view_ad06, [class^='view_ad'], .sub_tit, .article_relation, .byline, .img_cont,"
    " .articlePhotoC, .armerica_ban, " + _PHOTOS,
)
JOONGANG = SiteProfile(
    name="joongang",
    url_pattern=r"^https?://(?:www\.|mnews\.)?joongang\.co\.kr/article/",
    title=("header.article_header h1.headline", "h1.headline"),
    body=("section#article_body", "#article_body"),
    info="header.article_header div.datetime, div.datetime",
    author=("header.article_header div.byline a", "div.byline a", "div.byline"),
    drop=".ab_photo, .ab_byline, .ad_wrap, .ab_related_article, .ab_sub_heading, " + _PHOTOS,
)
# 한겨레 (2023 onwards, Next.js): class names carry a build hash, so match their prefix.
HANI = SiteProfile(
    name="hani",
    url_pattern=r"^https?://(?:www\.)?hani\.co\.kr/arti/",
    title=("h3[class^='ArticleDetailView_title']", "div.article-head h4.title", "h3.title"),
    body=("div.article-text", "div.text"),
    info="ul[class^='ArticleDetailView_dateList'], p.date-time",
    author=("div[class^='ArticleDetailView_reporterList'] a", "div.article-head .reporter"),
    drop="[class*='ArticleDetailView_adFlex'], [class*='BaseAd'], [class*='imageContainer'],"
    " .image-area, " + _PHOTOS,
)
KHAN = SiteProfile(
    name="khan",
    # Its ids (articleBody) are common elsewhere: recognised by URL only.
    url_pattern=r"^https?://(?:www\.|m\.|news\.)?khan\.co\.kr/(?:article/|kh_news/khan_art_view)",
    title=("div.art_header h1.headline", "h1#article_title", "h1.headline"),
    body=("div#articleBody", "div#_article", "div.art_body"),
    info="div.art_header div.date, div.art_time, div.date",
    author=("div.art_header div.byline em", "div.byline .name", "div.byline"),
    drop=".art_photo, [class^='banner-article'], .art_ad, .ad, " + _PHOTOS,
)
YONHAP = SiteProfile(
    name="yonhap",
    url_pattern=r"^https?://(?:www\.|m\.)?yna\.co\.kr/view/",
    fingerprint_class="story-news",
    title=("header.title-article01 h1.tit", "h1.tit"),
    body=("article.story-news", "div.story-news"),
    published=(("p.update-time", "data-published-time"),),
    author=("div.writer-zone01 .tit-name", ".writer-zone01", "p.writer"),
    drop=".comp-box, .aside-box01, aside, .ad-template, p.txt-copyright, .adrs, " + _PHOTOS,
)
DAUM = SiteProfile(
    name="daum",
    url_pattern=r"^https?://v\.daum\.net/v/",
    title=("h3.tit_view", ".head_view h3"),
    body=("div.article_view section", "div.article_view"),
    info="div.info_view, span.info_view",
    author=("div.info_view span.txt_info", ".info_view .txt_info"),
    drop=".figure_frm, .link_figure, .txt_caption, " + _PHOTOS,
)
GENERIC = SiteProfile(name="generic")
PROFILES: tuple[SiteProfile, ...] = (
    NAVER_NEW,
    NAVER_OLD,
    DAUM,
    NDSOFT,
    KOREA_KR,
    CHOSUN,
    DONGA,
    JOONGANG,
    HANI,
    KHAN,
    YONHAP,
)
