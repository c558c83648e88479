"""The news admin: curated links and their outlets, feed headlines and their feeds.

Every news model is registered here, and only here; the admins themselves live in
admin_links and admin_candidates, their forms in admin_forms.
"""

from django.contrib import admin

from news.admin_candidates import CandidateAdmin, FeedAdmin
from news.admin_links import CuratedLinkAdmin, OutletAdmin
from news.models import Candidate, CuratedLink, Feed, Outlet

admin.site.register(Outlet, OutletAdmin)
admin.site.register(CuratedLink, CuratedLinkAdmin)
admin.site.register(Candidate, CandidateAdmin)
admin.site.register(Feed, FeedAdmin)
