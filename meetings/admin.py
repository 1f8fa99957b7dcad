"""The admin is for secretariat staff: correct a title, read a document's parser warnings, curate topics.

An edit of a title, a decision, an outcome or the attendance is a correction (meetings.services.correct, with who,
when and why) laid over the parse, not a silent overwrite: it outlasts re-ingest and `reparse`, and can be
withdrawn. The other parsed fields are read-only here: the documents own them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from meetings import services
from meetings.models import (
    AgendaItem,
    Attendance,
    Body,
    Correction,
    CorrectionField,
    Decision,
    Meeting,
    Person,
    SourceDocument,
    Topic,
)

REASON_FIELD = "correction_reason"
NEEDS_REASON = "Skriv en begrundelse for rettelsen (den vises offentligt sammen med rettelsen)."


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Begrundelse for rettelsen",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Kræves når titel, beslutning, udfald eller fremmøde rettes; vises offentligt med datoen.",
    )


class ReasonRequiredFormSet(forms.BaseInlineFormSet):
    """An inline whose edits are corrections: refused without the parent form's reason."""

    def clean(self) -> None:
        super().clean()
        changed = any(form.has_changed() for form in self.forms) or bool(self.deleted_forms)
        if changed and not (self.data.get(REASON_FIELD) or "").strip():
            raise ValidationError(NEEDS_REASON)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class AttendanceInline(admin.TabularInline):
    model = Attendance
    fk_name = "meeting"
    formset = ReasonRequiredFormSet
    extra = 0
    autocomplete_fields = ["person", "substitute_for"]


class MeetingForm(forms.ModelForm):  # no Meta: the admin builds it for the model, with every field
    correction_reason = _reason_field()


class SourceDocumentInline(admin.TabularInline):
    model = SourceDocument
    extra = 0
    fields = ["file_name", "format", "kind", "size", "ingested_at", "warning_count"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    @admin.display(description="advarsler")
    def warning_count(self, obj: SourceDocument) -> int:
        return len(obj.warnings)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "body", "kind", "location"]
    list_filter = ["body", "kind"]
    date_hierarchy = "date"
    search_fields = ["location", "items__title"]
    form = MeetingForm
    inlines = [AttendanceInline, SourceDocumentInline]

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Attendance:
            return super().save_formset(request, form, formset, change)
        before = {f.instance.pk: (f.initial.get("person"), _attendance_initial(f.initial)) for f in formset.forms}
        deleted = [(f.instance.person, _attendance_initial(f.initial)) for f in formset.deleted_forms]
        changed = [f for f in formset.forms if f.has_changed() and f not in formset.deleted_forms]
        super().save_formset(request, form, formset, change)
        reason, user = form.cleaned_data.get(REASON_FIELD, ""), request.user.get_username()
        edits: list[tuple[Person, object, object]] = [(person, None, shown) for person, shown in deleted]
        for row_form in changed:
            row = row_form.instance
            old_person, shown = before.get(row.pk, (None, None)) if row.pk in before else (None, None)
            if old_person is not None and old_person != row.person_id:  # the row now names someone else
                edits.append((Person.objects.get(pk=old_person), None, shown))
                shown = None
            edits.append((row.person, services.attendance_value(row), shown))
        for person, value, shown in edits:
            services.correct(
                meeting=form.instance,
                person=person,
                field=CorrectionField.ATTENDANCE,
                value=value,
                shown_value=shown,
                reason=reason,
                user=user,
            )
        return None


def _attendance_initial(initial: dict) -> dict | None:
    """The value a row of the attendance inline had before the edit (None for a new row)."""
    if not initial.get("person"):
        return None
    substitute = Person.objects.filter(pk=initial.get("substitute_for")).values_list("slug", flat=True).first()
    return {
        "status": initial.get("status"),
        "party": initial.get("party", ""),
        "municipality": initial.get("municipality", ""),
        "substitute_for": substitute,
    }


class DecisionInline(admin.StackedInline):
    model = Decision
    formset = ReasonRequiredFormSet
    extra = 0
    max_num = 1
    can_delete = False  # a decision is corrected, not removed
    fields = ["text", "outcome", "outcomes"]
    readonly_fields = ["outcomes"]

    def get_extra(self, request, obj=None, **kwargs) -> int:
        # An item without a decision offers an empty one to fill in (no JavaScript needed to add it).
        return 0 if obj is None or Decision.objects.filter(item=obj).exists() else 1


class CorrectionInline(admin.TabularInline):
    """The item's corrections, in force and withdrawn, with the conflicts a new version made."""

    model = Correction
    fk_name = "item"
    extra = 0
    can_delete = False
    fields = ["field", "value", "parsed_value", "latest_parsed_value", "conflict", "reason", "created_by",
              "created_at", "withdrawn_at"]
    readonly_fields = fields
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class AgendaItemForm(forms.ModelForm):  # no Meta: the admin builds it for the model, with every field
    correction_reason = _reason_field()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and "title" in self.changed_data and not cleaned.get(REASON_FIELD, "").strip():
            self.add_error(REASON_FIELD, NEEDS_REASON)
        return cleaned


# Parsed fields staff do not correct here: the documents own them (a new version or `reparse` rewrites them).
PARSED_ITEM_FIELDS = [
    "number", "section_number", "section_title", "time_start", "time_end", "case_number", "case_officers",
    "background", "recommendation", "case_text", "attachments", "resume", "other_texts", "closed", "sources",
    "page", "order", "withdrawn_by",
]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    list_display = ["meeting", "number", "title", "case_number"]
    list_filter = ["meeting__body", "meeting__kind"]
    list_select_related = ["meeting__body"]
    search_fields = ["title", "case_number", "number"]
    ordering = ["-meeting__date", "sort_key"]
    autocomplete_fields = ["mentioned_people"]
    raw_id_fields = ["meeting"]
    form = AgendaItemForm
    inlines = [DecisionInline, CorrectionInline]

    def get_readonly_fields(self, request, obj=None):
        return PARSED_ITEM_FIELDS if obj is not None else []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET" and Correction.objects.active().filter(item_id=object_id, conflict=True).exists():
            messages.warning(
                request,
                "En ny udgave af dokumentet har ændret et felt, som er rettet: rettelsen gælder stadig. "
                "Se rettelserne nederst, og behold eller træk rettelsen tilbage under Rettelser.",
            )
        return super().change_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if change and "title" in form.changed_data:
            services.correct(
                item=obj,
                field=CorrectionField.TITLE,
                value=obj.title,
                shown_value=form.initial.get("title"),
                reason=form.cleaned_data.get(REASON_FIELD, ""),
                user=request.user.get_username(),
            )

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Decision:
            return super().save_formset(request, form, formset, change)
        edits = []
        for decision_form in formset.forms:
            if not decision_form.has_changed():
                continue
            new = decision_form.instance.pk is None
            shown = {
                CorrectionField.DECISION: None if new else decision_form.initial.get("text"),
                CorrectionField.OUTCOME: "" if new else decision_form.initial.get("outcome", ""),
            }
            names = {CorrectionField.DECISION: "text", CorrectionField.OUTCOME: "outcome"}
            edits += [
                (field, shown[field], decision_form)
                for field, name in names.items()
                if name in decision_form.changed_data
            ]
        super().save_formset(request, form, formset, change)
        for field, shown, decision_form in edits:
            decision = decision_form.instance
            if field == CorrectionField.OUTCOME:  # the outcome leads the list of outcomes the search counts
                decision.outcomes = [decision.outcome, *(o for o in decision.outcomes if o != decision.outcome)]
                decision.outcomes = [o for o in decision.outcomes if o]
                decision.save(update_fields=["outcomes"])
            services.correct(
                item=form.instance,
                field=field,
                value=decision.text if field == CorrectionField.DECISION else decision.outcome,
                shown_value=shown,
                reason=form.cleaned_data.get(REASON_FIELD, ""),
                user=request.user.get_username(),
            )
        return None


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    """Every correction; the conflicts (a new version changed a corrected field) first to look at."""

    list_display = ["created_at", "field", "target", "value", "conflict", "in_force", "created_by"]
    list_filter = ["conflict", "field", ("withdrawn_at", admin.EmptyFieldListFilter)]
    list_select_related = ["item__meeting__body", "person", "meeting__body"]
    search_fields = ["reason", "item__title", "person__name"]
    ordering = ["-conflict", "-created_at"]
    readonly_fields = [f.name for f in Correction._meta.fields]
    actions = ["withdraw", "keep_over_new_parse"]

    def has_add_permission(self, request) -> bool:
        return False  # corrections are made by editing the item or the meeting

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # the history of corrections is kept; withdraw instead

    @admin.display(description="rettet")
    def target(self, obj: Correction) -> str:
        return str(obj.item) if obj.item_id else f"{obj.person} ({obj.meeting})"

    @admin.display(description="gældende", boolean=True)
    def in_force(self, obj: Correction) -> bool:
        return obj.active

    @admin.action(description="Træk rettelsen tilbage (dokumentets værdi kommer tilbage)", permissions=["change"])
    def withdraw(self, request, queryset) -> None:
        for correction in queryset.active().select_related("item", "meeting", "person"):
            services.withdraw_correction(correction=correction, user=request.user.get_username())
        self.message_user(request, "Rettelserne er trukket tilbage.", messages.SUCCESS)

    @admin.action(description="Behold rettelsen over den nye udgave", permissions=["change"])
    def keep_over_new_parse(self, request, queryset) -> None:
        for correction in queryset.active().filter(conflict=True):
            services.accept_conflict(correction=correction)
        self.message_user(request, "Rettelserne gælder fortsat; konflikten er markeret som set.", messages.SUCCESS)


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "query"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]
    filter_horizontal = []
    exclude = ["items"]  # assigned by the topic queries; re-run with `manage.py assign_topics`


@admin.register(SourceDocument)
class SourceDocumentAdmin(admin.ModelAdmin):
    list_display = ["file_name", "meeting", "format", "kind", "ingested_at", "warning_count"]
    list_filter = ["format", "kind"]
    search_fields = ["file_name", "sha256"]
    readonly_fields = [f.name for f in SourceDocument._meta.fields] + ["warning_list"]
    exclude = ["warnings"]

    @admin.display(description="advarsler")
    def warning_count(self, obj: SourceDocument) -> int:
        return len(obj.warnings)

    @admin.display(description="parserens advarsler")
    def warning_list(self, obj: SourceDocument) -> str:
        return "\n".join(f"• {w}" for w in obj.warnings) or "Ingen"
