"""The fetch policy's decisions: which addresses may be fetched, and how compressed bodies
are decoded (capped while they stream, refused unless complete)."""

from __future__ import annotations

import gzip
import sys
import zlib

import brotli
import pytest
from hypothesis import given
from hypothesis import strategies as st
from support.paths import CORPORA, need

from scwatch.core.policy.bodies import (
    BodyDecoder,
    BodyTooLargeError,
    TruncatedBodyError,
    decode_body,
    split_encodings,
)
from scwatch.core.policy.fetch import address_allowed, is_public, refusal

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

PAGE = ("<html><body><p>" + "스마트시티 수주 소식. " * 400 + "</p></body></html>").encode()


def raw_deflate(data: bytes) -> bytes:
    encoder = zlib.compressobj(wbits=-15)
    return encoder.compress(data) + encoder.flush()


ENCODERS = {
    "gzip": gzip.compress,
    "deflate": zlib.compress,
    "br": brotli.compress,
    "zstd": zstd.compress,
}


@pytest.mark.parametrize("encoding", [*ENCODERS, "x-gzip"])
def test_a_complete_body_decodes_whole(encoding: str) -> None:
    encode = ENCODERS["gzip" if encoding == "x-gzip" else encoding]
    assert decode_body(encode(PAGE), encoding, 10**6) == (PAGE, [])


def test_raw_deflate_as_some_servers_send_it_decodes() -> None:
    assert decode_body(raw_deflate(PAGE), "deflate", 10**6) == (PAGE, [])


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_a_truncated_body_is_refused_not_kept_in_part(encoding: str) -> None:
    body = ENCODERS[encoding](PAGE)
    with pytest.raises(TruncatedBodyError, match="truncated or corrupt"):
        decode_body(body[: len(body) * 2 // 3], encoding, 10**6)


def test_a_cut_raw_deflate_body_is_refused() -> None:
    body = raw_deflate(PAGE)
    with pytest.raises(TruncatedBodyError):
        decode_body(body[:-5], "deflate", 10**6)


def test_a_gzip_body_with_a_wrong_checksum_is_refused() -> None:
    body = bytearray(gzip.compress(PAGE))
    body[-6] ^= 0xFF  # inside the CRC32 trailer
    with pytest.raises(TruncatedBodyError):
        decode_body(bytes(body), "gzip", 10**6)


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_a_bomb_is_refused_while_it_streams(encoding: str) -> None:
    """64 MB of zeros compress to a few KB; the decoder stops within a chunk of the cap."""
    bomb = ENCODERS[encoding](bytes(64 * 1024 * 1024))
    decoder = BodyDecoder([encoding], 1_000_000, cap="max_page_bytes")
    with pytest.raises(BodyTooLargeError, match=r"larger than max_page_bytes \(1,000,000 bytes\)"):
        decoder.feed(bomb)
    assert decoder.produced[0] <= 1_000_000 + 2 * 64 * 1024  # one output chunk, at most


def test_layered_encodings_are_decoded_in_reverse_order() -> None:
    body = brotli.compress(gzip.compress(PAGE))
    assert decode_body(body, "gzip, br", 10**6) == (PAGE, [])


def test_an_unknown_encoding_is_left_as_it_is() -> None:
    assert split_encodings("gzip, x-custom, br") == (["br"], ["gzip", "x-custom"])
    assert decode_body(b"abc", "x-custom", 10) == (b"abc", ["x-custom"])


@given(st.binary(max_size=5000), st.sampled_from(list(ENCODERS)), st.integers(1, 700))
def test_any_body_fed_in_chunks_decodes_as_one(data: bytes, encoding: str, step: int) -> None:
    body = ENCODERS[encoding](data)
    decoder = BodyDecoder([encoding], 10**6)
    out = b"".join(decoder.feed(body[i : i + step]) for i in range(0, len(body), step))
    decoder.finish()
    assert out == data


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2606:4700:4700::1111", True),
        ("::1", False),
        ("fe80::1", False),
        ("fd00::5", False),
        ("::ffff:127.0.0.1", False),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::a00:1", False),  # NAT64 of 10.0.0.1
        ("2002:7f00:1::", False),  # 6to4 of 127.0.0.1
        ("0.0.0.0", False),
        ("localhost", False),
    ],
)
def test_public_addresses_ipv4_and_ipv6(address: str, public: bool) -> None:
    assert is_public(address) is public
    assert address_allowed(address, allow_private=True)
    assert address_allowed(address, allow_private=False) is public


def test_the_refusal_says_how_to_allow_an_intranet_source() -> None:
    message = refusal("intranet.example", "10.0.0.8")
    assert "10.0.0.8" in message and "allow_private_networks = true" in message


@pytest.mark.parametrize(
    ("name", "encoding"),
    [
        ("bomb-gzip.bin", "gzip"),
        ("bomb-deflate.bin", "deflate"),
        ("bomb-br.bin", "br"),
        ("bomb-zstd.bin", "zstd"),
    ],
)
def test_scrapys_bomb_corpus_is_refused_for_size(name: str, encoding: str) -> None:
    need(CORPORA / "scrapy-compressed")
    body = (CORPORA / "scrapy-compressed" / name).read_bytes()
    with pytest.raises(BodyTooLargeError):
        decode_body(body, encoding, 1_000_000)


@pytest.mark.parametrize("name", ["truncated-crc-error.gz", "unexpected-eof.gz"])
def test_scrapys_broken_gzip_corpus_is_refused_as_truncated(name: str) -> None:
    need(CORPORA / "scrapy-compressed")
    body = (CORPORA / "scrapy-compressed" / name).read_bytes()
    with pytest.raises(TruncatedBodyError):
        decode_body(body, "gzip", 10**8)


@pytest.mark.parametrize("encoding", list(ENCODERS))
def test_an_empty_body_is_empty_not_truncated(encoding: str) -> None:
    """A 304 Not Modified or a 204 may carry Content-Encoding and no body."""
    assert decode_body(b"", encoding, 10**6) == (b"", [])
