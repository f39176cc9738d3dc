"""Compressed response bodies, decoded as they stream, capped and checked complete.

One decoder serves the crawler (spiders/middlewares.py) and every other fetch
(services/pages.py). Two rules hold for every Content-Encoding scwatch accepts (gzip,
deflate, br, zstd):

- the output is counted while it is produced, a bounded chunk at a time, so a 1 KB bomb
  that would expand to 1 GiB is refused after `limit` bytes, never held in memory whole;
- a stream that ends before its end marker (a cut connection, a truncated file) or fails its
  checksum is refused: a partial article must never be stored as if it were the article.
"""

from __future__ import annotations

import sys
import zlib
from collections.abc import Iterator
from typing import Protocol

import brotli

from scwatch.core.errors import FetchError

if sys.version_info >= (3, 14):
    from compression import zstd
else:
    from backports import zstd

ACCEPTED_ENCODINGS = ("gzip", "deflate", "br", "zstd")
_ALIASES = {"x-gzip": "gzip"}
# Output produced per decompressor call: the most memory one step can add beyond the cap.
_CHUNK = 64 * 1024


class BodyRefusedError(FetchError):
    """A response body scwatch will not use (too large, truncated, corrupt)."""


class BodyTooLargeError(BodyRefusedError):
    """The body, or its decompressed form, is larger than the cap."""


class TruncatedBodyError(BodyRefusedError):
    """A compressed body that ends early or is corrupt."""


class _Stage(Protocol):
    def feed(self, data: bytes) -> Iterator[bytes]: ...

    @property
    def complete(self) -> bool: ...


class _Zlib:
    """gzip (wbits 31) or deflate: zlib-wrapped as the RFC says, or raw as some servers send."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.decoder: zlib._Decompress | None = None
        self.head = b""  # deflate: the first two bytes tell zlib-wrapped from raw
        self.done = False

    def _start(self, data: bytes) -> zlib._Decompress:
        if self.encoding == "gzip":
            return zlib.decompressobj(wbits=31)
        wrapped = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
        return zlib.decompressobj(wbits=15 if wrapped else -15)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.done:
            return  # bytes after the end of the stream are not part of it
        if self.decoder is None:
            data = self.head + data
            if self.encoding == "deflate" and len(data) < 2:
                self.head = data
                return
            self.decoder = self._start(data)
        decoder = self.decoder
        while True:
            out = decoder.decompress(data, _CHUNK)
            data = decoder.unconsumed_tail
            yield out
            if decoder.eof or (not data and len(out) < _CHUNK):
                break
        self.done = decoder.eof

    @property
    def complete(self) -> bool:
        return self.done


class _Brotli:
    def __init__(self) -> None:
        self.decoder = brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.decoder.is_finished():
            return
        out = self.decoder.process(data, output_buffer_limit=_CHUNK)
        # Input and pending output are kept inside: drain with empty input until dry.
        while out:
            yield out
            if self.decoder.is_finished():
                return
            out = self.decoder.process(b"", output_buffer_limit=_CHUNK)

    @property
    def complete(self) -> bool:
        return bool(self.decoder.is_finished())


class _Zstd:
    def __init__(self) -> None:
        self.decoder = zstd.ZstdDecompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self.decoder.eof:
            return
        yield self.decoder.decompress(data, _CHUNK)
        while not self.decoder.eof and not self.decoder.needs_input:
            yield self.decoder.decompress(b"", _CHUNK)

    @property
    def complete(self) -> bool:
        return bool(self.decoder.eof)


def _stage(encoding: str) -> _Stage:
    if encoding in ("gzip", "deflate"):
        return _Zlib(encoding)
    if encoding == "br":
        return _Brotli()
    return _Zstd()


def split_encodings(content_encoding: str) -> tuple[list[str], list[str]]:
    """(encodings to decode, innermost last applied first; encodings left as they are).

    Decoding stops at the first encoding scwatch does not know (and "identity" is skipped),
    as Scrapy's HttpCompressionMiddleware does.
    """
    names = [_ALIASES.get(n, n) for n in content_encoding.lower().replace(" ", "").split(",")]
    names = [n for n in names if n and n != "identity"]
    to_decode: list[str] = []
    while names and names[-1] in ACCEPTED_ENCODINGS:
        to_decode.append(names.pop())
    return to_decode, names


class BodyDecoder:
    """Decode a body given in chunks through `encodings` (in decoding order), refusing it as
    soon as any stage has produced more than `limit` bytes, and at the end unless every
    stage's stream is complete. `cap` names the setting behind `limit`, for the message."""

    def __init__(self, encodings: list[str], limit: int, cap: str = "the size cap") -> None:
        self.encodings = encodings
        self.cap = cap
        self.stages = [_stage(encoding) for encoding in encodings]
        self.limit = limit
        self.produced = [0] * len(self.stages)
        self.received = 0

    def feed(self, chunk: bytes) -> bytes:
        """The decoded bytes `chunk` yields (BodyTooLargeError past the cap)."""
        self.received += len(chunk)
        return b"".join(self._through(0, chunk))

    def _through(self, index: int, data: bytes) -> Iterator[bytes]:
        if index == len(self.stages):
            yield data
            return
        try:
            for out in self.stages[index].feed(data):
                self.produced[index] += len(out)
                if self.produced[index] > self.limit:
                    raise BodyTooLargeError(
                        f"refused: larger than {self.cap} ({self.limit:,} bytes) once "
                        f"decompressed ({self.encodings[index]})"
                    )
                if out:
                    yield from self._through(index + 1, out)
        except (zlib.error, brotli.error, zstd.ZstdError) as error:
            raise self._truncated(index, f"corrupt: {error}") from None

    def finish(self) -> None:
        """TruncatedBodyError unless every compressed stream reached its end. An empty body
        is no stream at all (a 304 or 204 may still name its Content-Encoding)."""
        if not self.received:
            return
        for index, stage in enumerate(self.stages):
            if not stage.complete:
                raise self._truncated(index, "stream incomplete")

    def _truncated(self, index: int, why: str) -> TruncatedBodyError:
        return TruncatedBodyError(
            f"response truncated or corrupt ({self.encodings[index]} {why}); not stored"
        )


def decode_body(
    body: bytes, content_encoding: str, limit: int, cap: str = "the size cap"
) -> tuple[bytes, list[str]]:
    """(`body` decoded, the encodings left undecoded); refused when too large or incomplete."""
    to_decode, kept = split_encodings(content_encoding)
    if not to_decode:
        return body, kept
    decoder = BodyDecoder(to_decode, limit, cap)
    decoded = decoder.feed(body)
    decoder.finish()
    return decoded, kept
