"""Create a staff account in one or more roles; print a one-time password-set link.

No account has a default password: the new user sets one through the link. A chief
editor is `--role editor audit-reader`. The address may come before `--role` or after
its roles.
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
    help = f"create_staff --role {'|'.join(ROLE_NAMES)} [more roles] EMAIL (or EMAIL --role ...)"

    def add_arguments(self, parser):
        # `--role editor you@example.org` as the README prints it: --role takes one or
        # more words, so the address may land among them; handle() takes it back out.
        parser.add_argument("email", nargs="?")
        parser.add_argument(
            "--role",
            nargs="+",
            action="extend",
            required=True,
            help=f"One or more of {', '.join(ROLE_NAMES)}: --role editor audit-reader.",
        )

    def handle(self, *args, email: str | None, role: list[str], **options) -> None:
        roles = list(role)
        if email is None and roles and roles[-1] not in ROLE_NAMES:
            email = roles.pop()
        unknown = [name for name in roles if name not in ROLE_NAMES]
        if unknown:
            raise CommandError(
                f"{unknown[0]!r} is not a role; the roles are {', '.join(ROLE_NAMES)}."
            )
        if email is None:
            raise CommandError("Give the new account's email address: --role editor EMAIL.")
        if not roles:
            raise CommandError("Give at least one role before the address: --role editor EMAIL.")
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
            user.groups.add(*Group.objects.filter(name__in=[ROLE_NAMES[r] for r in roles]))
        uid = urlsafe_base64_encode(force_bytes(user.pk))
        token = default_token_generator.make_token(user)
        self.stdout.write(
            f"Created {' and '.join(dict.fromkeys(roles))} {email}. Send them this one-time link to set a password:\n"
            f"{settings.SITE_URL}/{settings.ADMIN_URL}password-set/{uid}/{token}/"
        )
