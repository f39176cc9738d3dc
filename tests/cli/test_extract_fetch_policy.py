"""`scwatch extract URL` fetches under the crawler's fetch policy: the SSRF guard (with the
setting that allows an intranet source named in the refusal), the size cap counted while
the body decompresses, complete compressed bodies only, no environment proxy unless asked."""

from __future__ import annotations

import gzip
import tracemalloc
import zlib
from collections.abc import Iterator
from pathlib import Path

import brotli
import pytest
from support.cli import scwatch
from support.loopback import LoopbackServer, Reply
from support.paths import PAGES_DIR

from scwatch.config import CrawlConfig
from scwatch.core.errors import FetchError
from scwatch.services.pages import page_from_web

YONHAP = (PAGES_DIR / "html" / "yonhap-tashkent.html").read_bytes()
TITLE = "우즈베키스탄에 K-스마트 교통 시스템 수출…2천억원 규모 수주"


def brotli_bomb(megabytes: int) -> bytes:
    """`megabytes` MiB of spaces after an HTML start, as a few KB of brotli."""
    encoder = brotli.Compressor(quality=5)
    parts = [encoder.process(b"<html><body>")]
    block = b" " * (1 << 20)
    parts += [encoder.process(block) for _ in range(megabytes)]
    return b"".join([*parts, encoder.finish()])


def cut(data: bytes) -> bytes:
    return data[: len(data) * 3 // 4]


@pytest.fixture(scope="module")
def web() -> Iterator[LoopbackServer]:
    server = LoopbackServer(
        {
            "/page": Reply(YONHAP),
            "/bomb": Reply(brotli_bomb(256), headers={"Content-Encoding": "br"}),
            "/cut-deflate": Reply(
                cut(zlib.compress(YONHAP)), headers={"Content-Encoding": "deflate"}
            ),
            "/cut-br": Reply(cut(brotli.compress(YONHAP)), headers={"Content-Encoding": "br"}),
            "/gzip": Reply(gzip.compress(YONHAP), headers={"Content-Encoding": "gzip"}),
        }
    )
    with server.running():
        yield server


def write_config(tmp_path: Path, **crawl: object) -> Path:
    path = tmp_path / "scwatch.toml"
    lines = ["[crawl]", "max_page_bytes = 200000", "download_timeout = 10"]
    lines += [f"{key} = {str(value).lower()}" for key, value in crawl.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "[::1]"])
def test_a_loopback_url_is_refused_by_default_with_how_to_allow_it(
    web: LoopbackServer, tmp_path: Path, host: str
) -> None:
    port = web.base_url.rsplit(":", 1)[1]
    before = len(web.requests)
    result = scwatch("extract", f"http://{host}:{port}/page", "-c", str(write_config(tmp_path)))
    assert result.returncode == 1
    assert "private or local address" in result.output
    assert "allow_private_networks = true" in result.output
    assert "Traceback" not in result.output
    assert len(web.requests) == before


def test_allowed_private_networks_reach_the_intranet_page(
    web: LoopbackServer, tmp_path: Path
) -> None:
    config = write_config(tmp_path, allow_private_networks=True)
    result = scwatch("extract", web.url("/gzip"), "-c", str(config))
    assert result.returncode == 0, result.output
    assert TITLE in result.output


@pytest.mark.parametrize("path", ["/cut-deflate", "/cut-br"])
def test_a_truncated_compressed_page_is_refused_not_extracted_in_part(
    web: LoopbackServer, tmp_path: Path, path: str
) -> None:
    config = write_config(tmp_path, allow_private_networks=True)
    result = scwatch("extract", web.url(path), "-c", str(config))
    assert result.returncode == 1, result.output
    assert "truncated or corrupt" in result.output


def test_a_brotli_bomb_is_refused_before_it_fills_memory(web: LoopbackServer) -> None:
    """256 MiB behind a few KB: refused while decompressing; the decoded bytes held at any
    moment stay near the cap (before, httpx decoded each received chunk whole)."""
    crawl = CrawlConfig(max_page_bytes=200_000, allow_private_networks=True)
    tracemalloc.start()
    try:
        with pytest.raises(FetchError, match=r"larger than max_page_bytes \(200,000 bytes\)"):
            page_from_web(web.url("/bomb"), crawl)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 16 * 1024 * 1024, f"peak {peak:,} bytes"


@pytest.mark.parametrize("use_env_proxy", [False, True])
def test_the_environment_proxy_is_used_only_when_asked_for(
    web: LoopbackServer, tmp_path: Path, use_env_proxy: bool
) -> None:
    proxy = LoopbackServer(fallback=Reply(b"proxy says no", "text/plain", 502))
    settings: dict[str, object] = {"allow_private_networks": True}
    if use_env_proxy:  # the default is what matters: no use_env_proxy key at all
        settings["use_env_proxy"] = True
    env = {
        "http_proxy": proxy.base_url,
        "HTTP_PROXY": proxy.base_url,
        "no_proxy": "",
        "NO_PROXY": "",
    }
    before = len(web.requests_to("/page"))
    with proxy.running():
        result = scwatch(
            "extract", web.url("/page"), "-c", str(write_config(tmp_path, **settings)), env=env
        )
    if use_env_proxy:
        assert result.returncode == 1 and [r.target for r in proxy.requests] == [web.url("/page")]
    else:
        assert result.returncode == 0, result.output
        assert proxy.requests == [] and len(web.requests_to("/page")) == before + 1
