from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse

from notifications import services
from notifications.models import Preference


class PreferenceForm(forms.Form):
    email_opt_out = forms.BooleanField(required=False, label="Send me no newsroom emails")
    superuser_opt_in = forms.BooleanField(
        required=False, label="Superusers: send me every role's emails"
    )


def my_notifications(request: HttpRequest, admin_site) -> HttpResponse:
    """Any staff member sets their own email preference."""
    current = Preference.objects.filter(user=request.user).first()
    initial = {
        "email_opt_out": bool(current and current.email_opt_out),
        "superuser_opt_in": bool(current and current.superuser_opt_in),
    }
    form = PreferenceForm(request.POST or None, initial=initial)
    if not request.user.is_superuser:
        del form.fields["superuser_opt_in"]
    if request.method == "POST" and form.is_valid():
        services.set_preference(user=request.user, **form.cleaned_data)
        messages.success(request, "Your email preference is saved.")
        return HttpResponseRedirect(request.path)
    context = {**admin_site.each_context(request), "title": "My email notifications", "form": form}
    return TemplateResponse(request, "admin/my_notifications.html", context)
