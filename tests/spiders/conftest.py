"""Fixtures of the spider tests: the loopback Korean news site."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fixture_server import FixtureServer
from site_routes import install_routes


@pytest.fixture(scope="module")
def korean_site() -> Iterator[FixtureServer]:
    server = FixtureServer()
    install_routes(server)
    with server.running():
        yield server
