"""`scwatch extract PATH_OR_URL [--url URL] [--format json]`: production extraction on a saved
or fetched page, with the reason and exit code 1 when there is no article."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from support.cli import scwatch
from support.loopback import LoopbackServer, Reply
from support.paths import PAGES_DIR, UNIT_PAGES

YONHAP = PAGES_DIR / "html" / "yonhap-tashkent.html"
YONHAP_URL = "https://www.yna.co.kr/view/AKR20250407051200003"
USER_AGENT = "scwatch-extract-test/1.0 (+https://example.org/contact)"


@pytest.fixture
def config(tmp_path: Path) -> Path:
    path = tmp_path / "scwatch.toml"
    path.write_text(
        f'[crawl]\nuser_agent = "{USER_AGENT}"\nmax_page_bytes = 60000\ndownload_timeout = 5\n'
        # The test servers live on 127.0.0.1 (refused by default: test_extract_fetch_policy).
        "allow_private_networks = true\n",
        encoding="utf-8",
    )
    return path


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackServer]:
    server = LoopbackServer()
    server.routes.update(
        {
            "/view/1": lambda request: Reply(
                b"", "text/html", 301, {"Location": server.base_url + "/view/2"}
            ),
            "/view/2": Reply(YONHAP.read_bytes()),
            "/big": Reply(b"<html><body>" + "가".encode() * 40_000 + b"</body></html>"),
            "/gone": Reply(b"not here", "text/plain", 404),
        }
    )
    with server.running():
        yield server


def run(*args: str) -> tuple[int, str]:
    result = scwatch(*args)
    return result.returncode, result.output


def test_saved_page_with_its_url_shows_fields_in_kst(config: Path) -> None:
    code, output = run("extract", str(YONHAP), "--url", YONHAP_URL, "--config", str(config))
    assert code == 0, output
    assert "우즈베키스탄에 K-스마트 교통 시스템 수출…2천억원 규모 수주" in output
    assert "전유찬 기자" in output
    assert "2025-04-07 11:00 KST" in output and "2025-04-07 11:42 KST" in output
    assert "yonhap" in output
    assert "국내 컨소시엄이 우즈베키스탄 수도 타슈켄트의" in output
    assert "제보는 카카오톡" not in output


def test_json_output_for_scripts(config: Path) -> None:
    code, output = run(
        "extract", str(YONHAP), "--url", YONHAP_URL, "--format", "json", "--config", str(config)
    )
    assert code == 0, output
    row = json.loads(output)
    assert row["published"] == "2025-04-07T11:00:00+09:00"
    assert row["updated"] == "2025-04-07T11:42:00+09:00"
    assert row["canonical_url"] == YONHAP_URL
    assert row["layout"] == "yonhap"
    # the wire dateline stays in the lead, as the article's first sentence reads
    assert re.match(r"\(\S+=연합뉴스\) 전유찬 기자 = 국내 컨소시엄이", row["body"])


def test_a_saved_page_without_url_is_recognised_by_its_layout(config: Path) -> None:
    code, output = run(
        "extract",
        str(PAGES_DIR / "html" / "naver-new-nuri-0000788.html"),
        "-f",
        "json",
        "-c",
        str(config),
    )
    assert code == 0, output
    assert json.loads(output)["layout"] == "naver"


def test_fetched_url_follows_redirects_with_our_user_agent(
    config: Path, web: LoopbackServer
) -> None:
    code, output = run(
        "extract", web.base_url + "/view/1", "--format", "json", "--config", str(config)
    )
    assert code == 0, output
    assert (
        json.loads(output)["title"] == "우즈베키스탄에 K-스마트 교통 시스템 수출…2천억원 규모 수주"
    )
    assert {r.headers["user-agent"] for r in web.requests_to("/view/2")} == {USER_AGENT}


@pytest.mark.parametrize(
    ("path", "reason"),
    [("/big", "larger than max_page_bytes"), ("/gone", "HTTP status 404")],
)
def test_fetch_problems_exit_1_with_the_reason(
    config: Path, web: LoopbackServer, path: str, reason: str
) -> None:
    code, output = run("extract", web.base_url + path, "--config", str(config))
    assert code == 1
    assert reason in output


def test_pages_that_are_not_articles_exit_1_with_the_extraction_error(
    config: Path, tmp_path: Path
) -> None:
    soft_404 = UNIT_PAGES / "soft_404.html"
    code, output = run("extract", str(soft_404), "--config", str(config))
    assert code == 1 and "soft 404" in output
    code, output = run("extract", str(tmp_path / "missing.html"), "--config", str(config))
    assert code == 1 and "cannot read" in output
    code, output = run("extract", "http://127.0.0.1:1/nothing", "--config", str(config))
    assert code == 1 and "cannot fetch" in output
