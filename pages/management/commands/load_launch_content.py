"""Load the launch content written from the seeds. Safe to run any number of times."""

from importlib import import_module

from django.core.management.base import BaseCommand
from django.db import transaction

from audit.hooks import not_news
from core.roles import ROLES, sync_roles
from status.models import Verdict

# Order matters: every source is credited to an outlet (news first), explainers and
# incidents point at curated links, the launch translations follow the verdict,
# triggers and explainers they translate.
LOADERS = [
    "news.launch",
    "status.launch",
    "explainers.launch",
    "incidents.launch",
    "pages.launch_translations",
]


class Command(BaseCommand):
    help = (
        "Create the launch verdict, indicators, explainers, FAQ, outlets, links and incidents "
        "if missing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Only into a new site (no verdict yet): what editors have since deleted "
            "or renamed is not brought back. Deployments use this on every start.",
        )

    def handle(self, *args, **options) -> None:
        sync_roles()
        self.stdout.write(f"roles: {', '.join(ROLES)} in sync")
        # Verdicts are never deleted, so a site with one has been launched.
        if options["if_empty"] and Verdict.objects.exists():
            self.stdout.write("launch content: already loaded once, nothing to do")
            return
        for dotted in LOADERS:
            # On the changelog as ever, but not news: no reader is emailed the launch.
            with transaction.atomic(), not_news():
                created = import_module(dotted).load()
            label = dotted.split(".")[0]
            if created:
                self.stdout.write(f"{label}: created {', '.join(created)}")
            else:
                self.stdout.write(f"{label}: nothing new")
