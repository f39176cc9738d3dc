"""The SSRF refusal has one wording, shared by the crawler and `scwatch extract`: it names
the host and the configuration key that allows an intranet source."""

from scwatch.core.errors import private_address_refusal


def test_refusal_names_the_host_and_the_key_that_allows_it() -> None:
    text = private_address_refusal("intranet.local", "10.0.0.5")
    assert "intranet.local" in text and "10.0.0.5" in text
    assert "allow_private_networks = true" in text and "[crawl]" in text


def test_refusal_without_address() -> None:
    text = private_address_refusal("intranet.local")
    assert "()" not in text and "allow_private_networks" in text
