from django.apps import AppConfig
from django.db.models.signals import post_migrate


def translator_role(code: str) -> str:
    """The group of the translators of one language, e.g. "Translators (pl)"."""
    return f"Translators ({code})"


def translate_permission(code: str) -> str:
    return f"translations.translate_{code}"


class TranslationsConfig(AppConfig):
    name = "translations"
    verbose_name = "Translations"

    def ready(self) -> None:
        from django.conf import settings

        from core import roles
        from core.i18n import TRANSLATED
        from core.pagecache import surrogate

        # A role per language, each allowed to translate into its language only: no
        # permission on the English (status, explainers), so a translator can't change it.
        for code in settings.SITE_LANGUAGES:
            role = translator_role(code)
            roles.define_role(role, called=f"translator-{code}")
            roles.grant(role, self.label, translate=[code], view=["submission", "livetranslation"])
        # An approval changes translated pages only; a submission none.
        surrogate.register_kind(self.label, None, models={"livetranslation": TRANSLATED})
        # The translate_<code> permissions are made after every migrate, as Django makes
        # its own: adding a language is configuration, not a migration.
        post_migrate.connect(self._language_permissions, sender=self)

    def _language_permissions(self, using="default", apps=None, **kwargs) -> None:
        from translations.permissions import make_language_permissions

        make_language_permissions(using=using)
