"""No lost edits: a form remembers the version it was opened at and refuses a stale save."""

from django import forms


class VersionedForm(forms.ModelForm):
    """Carries the version the editor opened, so a save over someone else's is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            # The admin saves inside a transaction: the row stays locked until the save.
            current = type(self.instance).objects.select_for_update().get(pk=self.instance.pk)
            if current.version != expected:
                self.conflict = current
                # The form shown again must rest on the version it shows above it, or the
                # editor's merge would be refused too, for ever.
                self.data = self.data.copy()
                self.data[self.add_prefix("expected_version")] = current.version
                raise forms.ValidationError(
                    "Someone else saved this after you opened it (now version "
                    f"{current.version}). Their text is shown above the form; yours is kept "
                    "below. Merge the two, then save again."
                )
        return cleaned


class ConflictAdminMixin:
    """Shows the other person's saved version above the form when a save is refused."""

    change_form_template = "admin/conflict_change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["conflict"] = getattr(context["adminform"].form, "conflict", None)
        return super().render_change_form(request, context, add, change, form_url, obj)
