"""Four-eyes proposals in templates: `{{ p|proposal_words }}`, `{{ p|proposal_url }}`."""

from django import template

from status import proposal_mail

register = template.Library()
register.filter("proposal_words", proposal_mail.describe)
register.filter("proposal_url", proposal_mail.review_path)
