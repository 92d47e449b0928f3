"""One spelling for a host: every way of writing the same server comes out the same."""

from __future__ import annotations

import pytest

from federation.protocol.hosts import (
    BadHost,
    host_of_url,
    is_within,
    normalise_host,
    parent_domains,
)


@pytest.mark.parametrize(
    ("written", "spelling"),
    [
        ("peer.example", "peer.example"),
        ("PEER.Example", "peer.example"),
        ("peer.example.", "peer.example"),
        ("peer.example:443", "peer.example"),
        (" Peer.Example.:443 ", "peer.example"),
        ("peer.example:8443", "peer.example:8443"),
        ("peer.example:80", "peer.example:80"),  # not the default port of https
        ("bücher.example", "xn--bcher-kva.example"),
        ("BÜCHER.example", "xn--bcher-kva.example"),
        ("xn--bcher-kva.example", "xn--bcher-kva.example"),
        ("XN--BCHER-KVA.EXAMPLE", "xn--bcher-kva.example"),
        ("ｐｅｅｒ．example", "peer.example"),  # full-width letters and dot
        ("peer.example。", "peer.example"),  # an ideographic full stop as the root
        ("127.0.0.2:8101", "127.0.0.2:8101"),
        ("0x7f.1", "127.0.0.1"),  # what a resolver reads as 127.0.0.1
        ("2130706433", "127.0.0.1"),
        ("[::1]:443", "[::1]"),
        ("[0:0::1]:8443", "[::1]:8443"),
    ],
)
def test_every_spelling_of_a_host_comes_out_the_same(written, spelling):
    assert normalise_host(written) == spelling


@pytest.mark.parametrize(
    "junk",
    [
        "",
        "   ",
        "peer..example",
        "peer.example..",
        "-peer.example",
        "https://peer.example/",
        "peer.example/users",
        "rosa@peer.example",
        "peer example",
        "peer.example:0",
        "peer.example:65536",
        "peer.example:https",
        "peer.example:４４３",
        "::1",
        "[::1",
        "[nothing]",
        "xn--zz.example",  # not punycode
        "peer%2eexample",
        "a" * 64 + ".example",
        ("a" * 60 + ".") * 5 + "example",
        None,
    ],
)
def test_what_is_no_host_is_refused(junk):
    with pytest.raises(BadHost):
        normalise_host(junk)


def test_the_default_port_depends_on_the_scheme():
    assert host_of_url("http://peer.example:80/users/rosa") == "peer.example"
    assert host_of_url("https://peer.example:80/users/rosa") == "peer.example:80"
    assert host_of_url("https://PEER.example:443/users/rosa#main-key") == "peer.example"
    for url in (
        "ftp://peer.example/",
        "/users/rosa",
        "https://rosa@peer.example/",
        "https://[::1/",
    ):
        with pytest.raises(BadHost):
            host_of_url(url)


def test_a_host_lies_within_itself_its_ports_and_the_domains_above_it():
    assert parent_domains("a.b.example:8443") == [
        "a.b.example:8443",
        "a.b.example",
        "b.example",
        "example",
    ]
    assert parent_domains("127.0.0.2:8101") == ["127.0.0.2:8101", "127.0.0.2"]
    assert is_within("Sub.Peer.Example.", "peer.example")
    assert is_within("peer.example:8443", "peer.example")
    assert not is_within("notpeer.example", "peer.example")
    assert not is_within("peer.example.evil", "peer.example")
    assert not is_within("not a host", "peer.example")
