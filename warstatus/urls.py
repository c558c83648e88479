from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from core import health

# The password pages are Django's own views in the admin's look: they name this site, not
# "Django administration" (they are not admin views, so they lack the admin's context).
NEWSROOM = {"site_header": admin.site.site_header, "site_title": admin.site.site_title}

# The public pages, in every language: English at the addresses it always had, the
# others under /<code>/ (core.i18n.PathLanguageMiddleware activates the language
# before anything resolves a path).
urlpatterns = i18n_patterns(
    path("", include("status.urls")),
    path("", include("news.urls")),
    path("", include("explainers.urls")),
    path("", include("incidents.urls")),
    path("", include("audit.urls")),
    path("", include("subscriptions.urls")),
    path("", include("translations.urls")),
    path("", include("pages.urls")),
    prefix_default_language=False,
)
# One copy each, whatever the language: crawlers' files, the health check, the admin.
urlpatterns += [
    path("", include("pages.seo_urls")),
    path("healthz", health.healthz, name="healthz"),
    # The one-time link printed by `create_staff`.
    path(
        f"{settings.ADMIN_URL}password-set/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(extra_context=NEWSROOM),
        name="password_reset_confirm",
    ),
    path(
        f"{settings.ADMIN_URL}password-set/done/",
        auth_views.PasswordResetCompleteView.as_view(extra_context=NEWSROOM),
        name="password_reset_complete",
    ),
    path(settings.ADMIN_URL, admin.site.urls),
]

handler403 = "core.errors.permission_denied"
handler404 = "core.errors.not_found"
handler500 = "core.errors.server_error"
