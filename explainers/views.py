from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import get_language

from core.pagecache import cached_public, expires_at
from core.pagecache.surrogate import object_key, set_keys
from core.sanitize import plain_text
from explainers.apps import EXPLAINER, EXPLAINERS, FAQ
from explainers.models import Explainer, Question, SlugRedirect
from explainers.translated import (
    explainers_in,
    listed_explainers,
    questions_in,
    shown_explainer,
    shown_question,
)
from news.apps import NEWS
from news.models import CuratedLink


@cached_public(keys=(EXPLAINERS,))
def explainer_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()  # one moment for the list and for when it next changes
    language = get_language()
    live = explainers_in(Explainer.objects.published(now).in_order(), language=language)
    explainers = listed_explainers(live, language=language)
    response = render(request, "explainers/list.html", {"explainers": explainers})
    return expires_at(response, Explainer.objects.next_change(now))


@cached_public(keys=(EXPLAINERS,))
def explainer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    related = Prefetch(
        "related_links",
        queryset=CuratedLink.objects.for_display().newest_first(),
        to_attr="published_links",
    )
    language = get_language()
    # Its translation into the path's language rides on this same query (no-op in English).
    found = explainers_in(Explainer.objects.filter(slug=slug), language=language)
    explainer = found.prefetch_related(related, "sources").first()
    preview = False
    if explainer is None or not explainer.is_live:
        # Only now look at the session: live pages stay cookie-free and cacheable.
        if explainer is not None and request.user.has_perm("explainers.view_explainer"):
            preview = True  # editors see drafts and scheduled pages, with a banner
        else:
            # An old address of a live page still leads there, even once a draft has
            # taken that slug for a page of its own.
            moved = SlugRedirect.objects.select_related("explainer").filter(old_slug=slug).first()
            if moved is not None and moved.explainer.is_live:
                return HttpResponsePermanentRedirect(moved.explainer.get_absolute_url())
            raise Http404("No such explainer")
    explainer = shown_explainer(explainer, language=language)
    article = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": explainer.title,
        "description": explainer.summary,
        "dateModified": explainer.updated_at.isoformat(),
        "datePublished": explainer.publish_at.isoformat() if explainer.publish_at else None,
        "url": f"{settings.SITE_URL}{explainer.get_absolute_url()}",
        "publisher": {"@type": "Organization", "name": settings.SITE_NAME},
    }
    response = render(
        request,
        "explainers/detail.html",
        {"explainer": explainer, "preview": preview, "article": article},
    )
    # This page shows one explainer and its links; its 404 or redirect keeps the
    # view's `explainers` key, since publishing any explainer may fill the address.
    set_keys(response, object_key(EXPLAINER, explainer.pk), NEWS)
    return expires_at(response, explainer.unpublish_at)  # gone exactly when due


@cached_public(keys=(FAQ,))
def faq(request: HttpRequest) -> HttpResponse:
    language = get_language()
    found = questions_in(Question.objects.published(), language=language)
    questions = [shown_question(q, language=language) for q in found.prefetch_related("sources")]
    groups: dict[str, list[Question]] = {}
    for question in questions:
        groups.setdefault(question.group, []).append(question)
    structured = {
        "@context": "https://schema.org",
        "@type": "FAQPage",
        "mainEntity": [
            {
                "@type": "Question",
                "name": q.question,
                "acceptedAnswer": {"@type": "Answer", "text": plain_text(q.answer_html)},
            }
            for q in questions
        ],
    }
    return render(request, "explainers/faq.html", {"groups": groups, "structured": structured})
