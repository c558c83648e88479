"""The translate_<code> permissions and the translators' groups, made after migrate."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from core import roles
from translations.apps import translate_permission, translator_role


def make_language_permissions(*, using: str = "default") -> None:
    from translations.models import Submission

    content_type = ContentType.objects.db_manager(using).get_for_model(Submission)
    languages = dict(settings.LANGUAGES)
    for code in settings.SITE_LANGUAGES:
        Permission.objects.using(using).get_or_create(
            content_type=content_type,
            codename=f"translate_{code}",
            defaults={"name": f"Can translate into {languages[code]}"},
        )
    # The translators' groups exist, with exactly their permissions, from the first migrate.
    names = {translator_role(code) for code in settings.SITE_LANGUAGES}
    roles.sync_roles(roles={name: roles.ROLES[name] for name in names})


def languages_of(user) -> list[str]:
    """The site languages `user` may translate into (every one for a superuser)."""
    return [code for code in settings.SITE_LANGUAGES if user.has_perm(translate_permission(code))]


def language_name(code: str) -> str:
    """A language as staff read it: "Polish (pl)"."""
    from django.conf.locale import LANG_INFO

    return f"{LANG_INFO[code]['name']} ({code})"
