"""Query parameters are read strictly: one reading per value, and junk is a 404."""

from urllib.parse import urlencode

import pytest
from django.http import Http404
from django.test import RequestFactory

from core.pagination import MAX_PAGE, PAGE
from core.query import QueryParameter, host_name

OUTLET = QueryParameter("outlet", host_name, default="")


def _read(parameter: QueryParameter, value: str | None):
    query = "" if value is None else urlencode({parameter.name: value})
    return parameter.read(RequestFactory().get("/", QUERY_STRING=query))


@pytest.mark.parametrize(
    ("value", "page"),
    [(None, 1), ("", 1), ("1", 1), ("7", 7), ("007", 7), (str(MAX_PAGE), MAX_PAGE)],
)
def test_a_page_number_is_ascii_digits_from_one_to_the_last_page(value, page):
    assert _read(PAGE, value) == page


@pytest.mark.parametrize(
    "value",
    ["x", "0", "-3", "+3", " 3", "3 ", "3.0", "1e3", "²", "①", "٣", "３", str(MAX_PAGE + 1)],
)
def test_any_other_page_is_a_404_not_page_one_and_not_an_error(value):
    with pytest.raises(Http404):
        _read(PAGE, value)


def test_leading_zeros_cannot_make_a_page_number_of_any_length():
    with pytest.raises(Http404):
        _read(PAGE, "0" * 20 + "1")


@pytest.mark.parametrize("domain", ["bbc.co.uk", "kyiv-independent.com", "bücher.de"])
def test_an_outlet_is_read_as_the_host_name_it_is(domain):
    assert _read(OUTLET, domain) == domain


@pytest.mark.parametrize(
    "value", ["\x00", "bbc.co.uk\x00", "a b", "a/b", "<script>", "a\nb", "x" * 254, "\ufffd"]
)
def test_an_outlet_that_is_no_host_name_is_a_404_before_any_query(value):
    with pytest.raises(Http404):
        _read(OUTLET, value)
