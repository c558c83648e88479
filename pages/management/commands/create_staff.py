"""Create a staff account in one or more roles; print a one-time password-set link.

No account has a default password: the new user sets one through the link. A chief
editor is `--role editor audit-reader`.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from core.roles import ROLE_NAMES, sync_roles


class Command(BaseCommand):
    help = f"create_staff --role {'|'.join(ROLE_NAMES)} [more roles] EMAIL"

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--role",
            choices=list(ROLE_NAMES),
            nargs="+",
            action="extend",
            required=True,
            help="One or more roles: --role editor audit-reader.",
        )

    def handle(self, *args, email: str, role: list[str], **options) -> None:
        try:
            validate_email(email)
        except Exception:
            raise CommandError(f"{email!r} is not an email address") from None
        User = get_user_model()
        with transaction.atomic():
            sync_roles()
            if User.objects.filter(username__iexact=email).exists():
                raise CommandError(f"A staff account for {email} already exists.")
            user = User.objects.create_user(username=email, email=email, is_staff=True)
            user.set_unusable_password()
            user.save()
            user.groups.add(*Group.objects.filter(name__in=[ROLE_NAMES[r] for r in role]))
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        self.stdout.write(
            f"Created {' and '.join(dict.fromkeys(role))} {email}. Send them this one-time link to set a password:\n"
            f"{settings.SITE_URL}/{settings.ADMIN_URL}password-set/{uid}/{token}/"
        )
