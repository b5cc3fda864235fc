"""Properties of the address rules and the bounded decoder, over generated inputs."""

from __future__ import annotations

import gzip
import ipaddress

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from kansou.errors import DocumentRejected
from kansou.load.netsafety import METADATA_ADDRESSES, address_problem
from kansou.load.url import bounded_decode

ipv4 = st.integers(min_value=0, max_value=2**32 - 1).map(ipaddress.IPv4Address)
ipv6 = st.integers(min_value=0, max_value=2**128 - 1).map(ipaddress.IPv6Address)


@example(ipaddress.IPv4Address("224.0.0.0"))
@given(ipv4)
def test_an_ipv4_address_passes_only_when_global_and_not_metadata(
    ip: ipaddress.IPv4Address,
) -> None:
    # Python counts most of 224.0.0.0/4 as "global"; a page fetch to multicast is refused too.
    allowed = ip.is_global and not ip.is_multicast and ip not in METADATA_ADDRESSES
    assert (address_problem(ip) is None) == allowed


@given(ipv4)
def test_ipv4_mapped_addresses_judged_as_their_ipv4(ip: ipaddress.IPv4Address) -> None:
    mapped = ipaddress.IPv6Address(f"::ffff:{ip}")
    inner = address_problem(ip)
    assert address_problem(mapped) == (f"{inner} (embedded in {mapped})" if inner else None)


@given(ipv6)
def test_no_ipv6_address_that_reaches_a_private_ipv4_passes(ip: ipaddress.IPv6Address) -> None:
    reaches = ip.ipv4_mapped or ip.sixtofour
    if reaches is not None and not reaches.is_global:
        assert address_problem(ip) is not None
    if address_problem(ip) is None:
        assert ip.is_global or (reaches is not None and reaches.is_global)


@settings(max_examples=200)
@given(st.binary(max_size=5000), st.integers(min_value=0, max_value=6000))
def test_bounded_decode_gives_the_body_or_refuses_past_the_cap(body: bytes, cap: int) -> None:
    packed = gzip.compress(body)
    chunks = [packed[i : i + 97] for i in range(0, len(packed), 97)]
    if len(body) <= cap and len(packed) <= cap:
        assert b"".join(bounded_decode(chunks, "gzip", cap)) == body
    else:
        out = 0
        with pytest.raises(DocumentRejected, match=f"larger than {cap} bytes"):
            for part in bounded_decode(chunks, "gzip", cap):
                out += len(part)
        assert out <= cap


@settings(max_examples=200)
@given(st.binary(max_size=2000))
def test_bounded_decode_refuses_garbage_as_gzip_with_a_reason(noise: bytes) -> None:
    try:
        decoded = b"".join(bounded_decode([noise], "gzip", 10_000))
    except DocumentRejected as exc:
        assert exc.message.startswith(("corrupt gzip body", "response larger than"))
    else:
        assert len(decoded) <= 10_000
