"""Alert payloads shaped like scwatch.services.ingest.alert_payload, with hostile titles on demand."""

from __future__ import annotations

ARTICLE_URL = "https://news.example.kr/article?idxno=4821&sc=smart"
TITLE = "부산시, 스마트시티 해법 들고 베트남 하노이에 수출 MOU"
SENTENCE = (
    "부산시는 하노이 인민위원회와 스마트시티 교통 플랫폼 수출을 위한 MOU를 체결했다고 밝혔다."
)


def sample_payload(**overrides: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "rule": "수출-MOU",
        "article_id": 17,
        "title": TITLE,
        "url": ARTICLE_URL,
        "source": "hanbit",
        "source_name": "한빛일보",
        "author": "이도시 기자",
        # 00:30 UTC is 09:30 in Seoul.
        "published_at": "2024-05-02T00:30:00+00:00",
        "first_seen_at": "2024-05-02T00:41:07+00:00",
        "evidence": [
            {"field": "title", "sentence": TITLE, "terms": ["스마트시티", "수출", "MOU"]},
            {"field": "body", "sentence": SENTENCE, "terms": ["스마트시티", "MOU"]},
        ],
        "also_in": 2,
    }
    payload.update(overrides)
    return payload


def digest_of(*payloads: dict[str, object]) -> dict[str, object]:
    """Shaped like scwatch.services.deliver.digest_payload."""
    return {
        "digest": True,
        "rule": "수출-MOU",
        "title": f"수출-MOU: {len(payloads)} new stories",
        "count": len(payloads),
        "items": list(payloads),
    }
