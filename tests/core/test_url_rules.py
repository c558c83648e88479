"""Every URL staff save is held to the rules the worker fetches by, with a sentence."""

import pytest
from django.core.exceptions import ValidationError

from news.models import Feed
from news.services_sources import clean_sources
from subscriptions.models import Webhook

pytestmark = pytest.mark.django_db

REFUSED = [
    "gopher://example.org/feed",
    "not a url",
    "http://169.254.169.254/latest/meta-data/",
    "http://127.0.0.1:8000/feed",
    "http://[64:ff9b::7f00:1]/feed",  # NAT64 form of 127.0.0.1
    "http://[2002:7f00:1::]/feed",  # 6to4 form of 127.0.0.1
    "http://example.org:99999/feed",
]


@pytest.fixture(autouse=True)
def _public_only(settings):
    settings.FEEDS_ALLOW_PRIVATE = False


@pytest.mark.parametrize("url", REFUSED)
def test_a_feed_the_worker_would_refuse_is_refused_on_save(url):
    with pytest.raises(ValidationError) as refusal:
        Feed(url=url).full_clean()
    (message,) = refusal.value.message_dict["url"]
    assert len(message.split()) >= 5  # a sentence, not a code


@pytest.mark.parametrize("url", REFUSED)
def test_a_webhook_the_worker_would_refuse_is_refused_on_save(url):
    with pytest.raises(ValidationError) as refusal:
        Webhook(url=url, secret="s" * 20).full_clean()
    assert refusal.value.message_dict["url"]


@pytest.mark.parametrize("url", [u for u in REFUSED if u.startswith("http")])
def test_a_claims_source_on_a_private_address_is_refused(url):
    with pytest.raises(ValidationError, match="must be a public web address"):
        clean_sources([{"title": "Metadata", "url": url}], claim="This indicator")


def test_a_public_address_is_accepted_even_when_its_name_cannot_be_looked_up_now():
    Feed(url="https://feeds.example.invalid/rss").clean()
    Webhook(url="https://hooks.example.invalid/in").clean()
    clean_sources([{"title": "NATO", "url": "https://93.184.216.34/article-5"}], claim="It")
