import pytest

from news.canonical import canonicalize_url


@pytest.mark.parametrize(
    ("given", "canonical"),
    [
        ("HTTPS://Example.COM/News/Story", "https://example.com/News/Story"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a/", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a#comments", "https://example.com/a"),
        ("https://example.com/a?utm_source=x&utm_medium=y&id=7", "https://example.com/a?id=7"),
        ("https://example.com/a?fbclid=abc&gclid=def", "https://example.com/a"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_urls_are_canonicalised(given, canonical):
    assert canonicalize_url(given) == canonical


@pytest.mark.parametrize(
    "bad", ["javascript:alert(1)", "data:text/html,x", "ftp://example.com/a", "https:///nohost", ""]
)
def test_anything_but_a_web_link_is_refused(bad):
    with pytest.raises(ValueError):
        canonicalize_url(bad)
