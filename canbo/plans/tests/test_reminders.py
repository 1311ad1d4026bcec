"""Reminders are recorded first, pending, and e-mailed after the record commits; a mail that fails
leaves its reminders pending for the next run, and nothing is ever sent twice.

These tests commit for real (transaction=True), so that the mail goes when it would in production:
after the record's commit."""

import datetime as dt
import smtplib
import threading
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connections, transaction
from django.test import Client, override_settings

from canbo.audit.models import AuditEntry
from canbo.plans.models import Reminder, Task
from canbo.plans.services import reminders_send

AS_OF = dt.date(2026, 11, 30)  # Sở Nội vụ's and Sở Tài chính's yearly reports are due on 04/12/2026
FIRST, SECOND = "Sở Nội vụ", "Sở Tài chính"  # the agencies in the order they are written to (KH.SNV, KH.STC)
FAILS_ON_SECOND = "canbo.plans.tests.test_reminders.FailsOnSecond"
SLOW_FIRST = "canbo.plans.tests.test_reminders.SlowFirst"


class FailsOnSecond(BaseEmailBackend):
    """Takes the first message (into mail.outbox, as the test backend does) and refuses the second
    as an SMTP server that went away would; takes the ones after. Django opens a connection per
    send_mail, so the count is the class's."""

    messages = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            FailsOnSecond.messages += 1
            if FailsOnSecond.messages == 2:
                raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")
            mail.outbox.append(message)
        return len(email_messages)


class SlowFirst(BaseEmailBackend):
    """Holds the first message until the test lets it go (a slow mail server), then takes it and every
    one after."""

    entered = threading.Event()
    release = threading.Event()
    messages = 0

    def send_messages(self, email_messages: Any) -> int:
        for message in email_messages:
            SlowFirst.messages += 1
            if SlowFirst.messages == 1:
                SlowFirst.entered.set()
                assert SlowFirst.release.wait(30)
            mail.outbox.append(message)
        return len(email_messages)


@pytest.fixture
def focal_officers(builtin_plan, make_user) -> Iterator[None]:
    make_user("dau_moi", "KH.STC", email="stc@canbo.local")
    make_user("dau_moi", "KH.SNV", email="snv@canbo.local")
    FailsOnSecond.messages = 0
    yield


def _mails_to(agency: str) -> int:
    return sum(1 for m in mail.outbox if m.subject.endswith(f"nhiệm vụ của {agency}"))


def _sent_audited() -> int:
    return AuditEntry.objects.filter(action="plans.reminder.send").count()


@pytest.mark.django_db(transaction=True)
def test_a_mail_that_fails_stays_pending_and_the_next_run_sends_only_it(focal_officers) -> None:
    with override_settings(EMAIL_BACKEND=FAILS_ON_SECOND):
        first = reminders_send(as_of=AS_OF)
    # The first agency's mail went and is recorded sent; the second's failed and waits.
    assert (_mails_to(FIRST), _mails_to(SECOND)) == (1, 0)
    assert first.failed == [SECOND]
    recorded = Reminder.objects.count()
    waiting = Reminder.objects.filter(sent_at__isnull=True)
    assert {r.unit.code for r in waiting} == {"KH.STC"} and 0 < waiting.count() < recorded
    assert {r.pk for r in first.sent} == set(
        Reminder.objects.filter(sent_at__isnull=False).values_list("pk", flat=True)
    )
    assert _sent_audited() == len(first.sent)  # one entry per reminder sent, none for those waiting
    pending = set(waiting.values_list("pk", flat=True))

    # Again the same day: only what waits goes, to the agency it was for.
    second = reminders_send(as_of=AS_OF)
    assert (_mails_to(FIRST), _mails_to(SECOND)) == (1, 1)
    assert {r.pk for r in second.sent} == pending and second.failed == []
    assert Reminder.objects.count() == recorded and not Reminder.objects.filter(sent_at__isnull=True).exists()
    assert _sent_audited() == recorded
    stc = next(m for m in mail.outbox if m.subject.endswith(SECOND))
    assert stc.to == ["stc@canbo.local"] and "IV.1.b" in stc.body

    # And once more: nothing is sent twice.
    third = reminders_send(as_of=AS_OF)
    assert third.sent == [] and len(mail.outbox) == 2 and _sent_audited() == recorded


@pytest.mark.django_db(transaction=True)
def test_the_command_names_the_agencies_whose_mail_failed_and_exits_non_zero(focal_officers, capsys) -> None:
    with override_settings(EMAIL_BACKEND=FAILS_ON_SECOND), pytest.raises(CommandError) as failed:
        call_command("remind", "--as-of", "30/11/2026")
    assert str(failed.value).startswith(f"Chưa gửi được thư nhắc cho 1 cơ quan ({SECOND})")
    assert "chạy lại lệnh trong ngày (hoặc với --as-of 30/11/2026)" in str(failed.value)
    sent_first = Reminder.objects.filter(unit__code="KH.SNV").count()
    assert f"đã gửi nhắc {sent_first} nhiệm vụ cho 1 cơ quan" in capsys.readouterr().out
    call_command("remind", "--as-of", "30/11/2026")  # the day's second run: no error
    waiting = Reminder.objects.filter(unit__code="KH.STC").count()
    assert f"đã gửi nhắc {waiting} nhiệm vụ cho 1 cơ quan" in capsys.readouterr().out
    assert (_mails_to(FIRST), _mails_to(SECOND)) == (1, 1)


@pytest.mark.django_db(transaction=True)
def test_a_rollback_sends_nothing(focal_officers) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        reminders_send(as_of=AS_OF)
        raise RuntimeError("the caller's transaction fails")
    assert mail.outbox == [] and not Reminder.objects.exists()


@pytest.mark.django_db
def test_the_task_page_shows_which_reminders_wait(
    focal_officers, make_user, django_capture_on_commit_callbacks
) -> None:
    with override_settings(EMAIL_BACKEND=FAILS_ON_SECOND), django_capture_on_commit_callbacks(execute=True):
        reminders_send(as_of=AS_OF)
    client = Client()
    client.force_login(make_user("noi_vu", "KH"))
    html = client.get(f"/ke-hoach/nhiem-vu/{Task.objects.get(code='IV.1.b').pk}/").content.decode()
    assert "30/11/2026 — Năm 2026 — Sắp đến hạn — gửi snv@canbo.local" in html
    assert (
        '30/11/2026 — Năm 2026 — Sắp đến hạn — <span class="badge text-bg-warning">chưa gửi được</span> '
        "(sẽ gửi lại) cho stc@canbo.local" in html
    )


@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_send_each_reminder_once(focal_officers) -> None:
    """A cron job and a manual run at the same moment: the second waits for the first's delivery and
    then finds nothing pending (without the lock it read the pending reminders while the first was
    still talking to the mail server, and sent them again)."""
    SlowFirst.entered.clear(), SlowFirst.release.clear()
    SlowFirst.messages = 0
    errors: list[BaseException] = []

    def run() -> None:
        try:
            reminders_send(as_of=AS_OF)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    with override_settings(EMAIL_BACKEND=SLOW_FIRST):
        first, second = threading.Thread(target=run), threading.Thread(target=run)
        first.start()
        try:
            assert SlowFirst.entered.wait(30)  # the first run is sending its first message
            second.start()
            second.join(1.5)  # the second has recorded nothing new and waits to deliver
            assert second.is_alive()
        finally:
            SlowFirst.release.set()
            first.join(30), second.is_alive() and second.join(30)
    assert not errors and not first.is_alive() and not second.is_alive()
    assert (_mails_to(FIRST), _mails_to(SECOND)) == (1, 1)
    assert _sent_audited() == Reminder.objects.count() and not Reminder.objects.filter(sent_at=None).exists()
