from django.core.management.base import BaseCommand

from core.roles import sync_roles


class Command(BaseCommand):
    help = "Create every role's group (core.roles.ROLES) with exactly its permissions."

    def handle(self, *args, **options) -> None:
        missing = sync_roles()
        for role, names in missing.items():
            if names:
                self.stderr.write(f"{role}: permissions not found (model missing?): {names}")
            self.stdout.write(f"{role}: in sync")
