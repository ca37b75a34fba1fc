"""The read side's caches hold at most their bytes, forgetting the least recently used first."""

from __future__ import annotations

from api.presenters.cache import ENTRY_OVERHEAD, Cache


def test_a_cache_forgets_the_least_recently_used_to_stay_within_its_bytes() -> None:
    cache: Cache[bytes] = Cache("test", 3 * (100 + ENTRY_OVERHEAD))
    for key in "abc":
        cache.put(key, key.encode() * 100, 100)
    assert cache.get("a") == b"a" * 100  # now the most recently used
    cache.put("d", b"d" * 100, 100)
    assert (cache.get("b"), len(cache)) == (None, 3)
    assert [k for k in "acd" if cache.get(k) is not None] == ["a", "c", "d"]
    assert cache.bytes <= cache.max_bytes


def test_a_value_larger_than_the_cache_is_served_and_not_kept() -> None:
    cache: Cache[bytes] = Cache("test", 1000)
    cache.put("small", b"x", 1)
    assert cache.put("huge", b"y" * 5000, 5000) == b"y" * 5000
    assert cache.get("huge") is None and cache.get("small") == b"x"


def test_putting_a_key_again_replaces_its_value_and_its_weight() -> None:
    cache: Cache[bytes] = Cache("test", 10_000)
    cache.put("k", b"1", 500)
    cache.put("k", b"2", 100)
    assert (cache.get("k"), cache.bytes) == (b"2", 100 + ENTRY_OVERHEAD)
