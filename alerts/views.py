"""/abonnement/: subscribe, confirm, manage and leave, without an account (the signed links are the key).

Thin views over alerts.services. The pages never show an address (a manage link may be forwarded); the form
shows back only what its sender typed. Every POST here is marked for ReadOnlyMethodsMiddleware; the CSRF check
applies to all of them but the one-click unsubscribe, which mail clients POST without a token (RFC 8058) and
which the signed link authenticates.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters

from alerts import services, tokens
from alerts.forms import TARGET_FIELDS, SubscribeForm, target_from_query
from alerts.models import Alert, Frequency, Subscriber
from alerts.targets import describe
from meetings.middleware import accepts_form_posts, client_ip


@accepts_form_posts
@sensitive_post_parameters("email")
def subscribe(request: HttpRequest) -> HttpResponse:
    source = request.POST if request.method == "POST" else request.GET
    fixed = target_from_query(source) if source.get("fast") or request.method == "GET" else None
    asked = any(source.get(name, "").strip() for name in TARGET_FIELDS)
    if request.method == "POST":
        form = SubscribeForm(request.POST)
        if form.is_valid():
            try:
                services.subscribe(
                    email=form.cleaned_data["email"],
                    target=form.target,
                    frequency=form.cleaned_data["hyppighed"],
                    client=client_ip(request),
                )
            except services.Flooded:
                form.add_error(
                    None, "Der er bedt om for mange bekræftelser på kort tid. Prøv igen om en time."
                )
            except services.MailUnavailable:
                form.add_error(None, "Vi kunne ikke sende mailen lige nu. Prøv igen senere.")
            else:
                return redirect("alerts:sent")
    else:
        form = SubscribeForm(initial={fixed.kind: fixed.value} if fixed else None)
    return render(
        request,
        "alerts/subscribe.html",
        {"form": form, "fixed": fixed, "unknown": asked and fixed is None and request.method == "GET"},
    )


def sent(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/sent.html")


def _invalid(request: HttpRequest) -> HttpResponse:
    return render(request, "alerts/invalid_link.html", status=404)


@accepts_form_posts
@never_cache
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    found = tokens.read_confirmation(token)
    alert = Alert.objects.filter(pk=found[0]).first() if found else None
    if alert is None:
        return _invalid(request)
    target = describe([(alert.kind, alert.value)])[(alert.kind, alert.value)]
    if request.method == "POST":
        subscriber = services.confirm(alert_id=alert.pk, frequency=found[1])
        if subscriber is None:
            return _invalid(request)
        manage_url = reverse("alerts:manage", kwargs={"token": tokens.subscriber_token(subscriber.pk)})
        return render(request, "alerts/confirmed.html", {"target": target, "manage_url": manage_url})
    return render(
        request,
        "alerts/confirm.html",
        {"target": target, "already": alert.confirmed_at is not None, "frequency": found[1]},
    )


@accepts_form_posts
@never_cache
def manage(request: HttpRequest, token: str) -> HttpResponse:
    subscriber_id = tokens.read_subscriber(token)
    subscriber = Subscriber.objects.filter(pk=subscriber_id).first() if subscriber_id else None
    if subscriber is None:
        return _invalid(request)
    if request.method == "POST":
        action = request.POST.get("handling", "")
        if action == "hyppighed" and request.POST.get("hyppighed") in Frequency.values:
            services.set_frequency(subscriber=subscriber, frequency=request.POST["hyppighed"])
            return redirect(request.path + "?gemt=hyppighed")
        if action == "stop" and request.POST.get("abonnement", "").isdigit():
            if services.stop_alert(subscriber=subscriber, alert_id=int(request.POST["abonnement"])):
                return redirect(request.path + "?gemt=stoppet")
            return render(request, "alerts/deleted.html")
        if action == "slet":
            services.delete_subscriber(subscriber_id=subscriber.pk)
            return render(request, "alerts/deleted.html")
        return redirect(request.path)
    alerts = list(subscriber.alerts.all())
    targets = describe((a.kind, a.value) for a in alerts)
    return render(
        request,
        "alerts/manage.html",
        {
            "subscriber": subscriber,
            "rows": [(alert, targets[(alert.kind, alert.value)]) for alert in alerts],
            "frequencies": Frequency.choices,
            "saved": request.GET.get("gemt", ""),
        },
    )


@accepts_form_posts
@csrf_exempt  # RFC 8058: the mail client POSTs without a CSRF token; the signed link is the authentication
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    subscriber_id = tokens.read_subscriber(token)
    if subscriber_id is None:
        return _invalid(request)
    if request.method == "POST":
        services.delete_subscriber(subscriber_id=subscriber_id)
        return render(request, "alerts/unsubscribed.html")
    exists = Subscriber.objects.filter(pk=subscriber_id).exists()
    return render(request, "alerts/unsubscribe.html", {"exists": exists})
