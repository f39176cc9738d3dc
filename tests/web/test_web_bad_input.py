"""Input a browser or a script can send that once crashed the server with a 500 and a
traceback, or broke the session: every case now answers a clear 4xx or does what it says."""

from __future__ import annotations

from pathlib import Path

import pytest
from support.web import TOKEN, client_for, csrf_of, sign_in

from scwatch.cli.serving import LOOPBACK_HOSTS

HUGE = "99999999999999999999"


@pytest.mark.parametrize(
    "path",
    [
        f"/stories/{HUGE}",
        f"/articles/{HUGE}",
        f"/api/stories/{HUGE}",
        f"/api/search?q=x&story={HUGE}",
        f"/search?q=x&story={HUGE}",
        f"/search/export.csv?q=x&story={HUGE}",
        "/search/export.csv?q=x&story=%C2%B2",
        "/api/search?q=x&to=9999-12-31",
        "/search?q=x&to=9999-12-31",
    ],
)
def test_out_of_range_ids_and_dates_get_a_clear_4xx(archive: Path, path: str) -> None:
    answer = client_for(archive).get(path)
    assert 400 <= answer.status_code < 500, (path, answer.status_code, answer.text[:300])
    assert "Traceback" not in answer.text
    assert answer.headers.get("content-security-policy")


def test_the_search_pages_previous_and_next_links_work(archive: Path) -> None:
    client = client_for(archive)
    first = client.get("/search", params={"q": "스마트시티", "story": "", "offset": 1})
    assert first.status_code == 200, first.text[:300]
    # The paging links carry every filter, the empty story included.
    assert 'rel="prev"' in first.text
    link = first.text.split('rel="prev" href="')[1].split('"')[0].replace("&amp;", "&")
    assert "story=" in link
    assert client.get(link).status_code == 200


def test_a_non_ascii_session_cookie_or_csrf_field_is_refused_not_a_crash(
    archive: Path,
) -> None:
    client = client_for(archive, token=TOKEN)
    forged = [(b"cookie", "scwatch_session=é".encode())]  # raw bytes, as a script can send
    assert client.get("/", headers=forged).status_code == 200
    csrf_of(client)  # the CSRF cookie is set; the field sent does not match it
    answer = client.post("/login", data={"token": TOKEN, "csrf": "é.x"})
    assert answer.status_code == 403


def test_signing_out_ends_the_session_even_for_a_copied_cookie(archive: Path) -> None:
    client = client_for(archive, token=TOKEN)
    sign_in(client)
    copied = client.cookies.get("scwatch_session")
    assert copied
    client.post("/logout", data={"csrf": csrf_of(client)})
    client.cookies.set("scwatch_session", copied)  # replayed after sign-out
    refused = client.post("/alerts/1/retry", data={"csrf": csrf_of(client, "/alerts")})
    assert refused.status_code == 401


def test_ipv6_loopback_counts_as_loopback() -> None:
    assert "::1" in LOOPBACK_HOSTS
