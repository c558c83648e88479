"""The translators' forms: a translation of one object (sending back which English the
translator was shown), a decision's comment, and a PO or XLIFF file to import."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings

# The largest file an import reads, as Django caps a request body.
MAX_IMPORT_BYTES = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 2_621_440


class TranslationForm(forms.Form):
    """One text field per English field of the object, in the translator's language."""

    seen_version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, english: dict[str, str], language: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, text in english.items():
            long = len(text) > 80 or "\n" in text
            attrs = {"lang": language, "rows": 6 if long else 1, "cols": 80}
            self.fields[key] = forms.CharField(
                label=key.replace("_", " ").capitalize(),
                required=False,
                strip=False,
                widget=forms.Textarea(attrs=attrs),
            )

    def texts(self) -> dict[str, str]:
        return {key: value for key, value in self.cleaned_data.items() if key != "seen_version"}


class DecisionForm(forms.Form):
    comment = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Required to turn it down: say what to put right.",
    )


class ImportForm(forms.Form):
    file = forms.FileField(help_text="A PO or XLIFF file exported from this page.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {MAX_IMPORT_BYTES // 1024} KB: split it and "
                "import the parts."
            )
        return upload
