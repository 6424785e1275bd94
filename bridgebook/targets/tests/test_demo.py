"""The demo's story of targets shared with home (README, "Targets shared with home"), on
``seed_demo``: Zofia Nowak has two EHCP outcomes and three targets; her teacher tags two
days of the class's book to a target, one POST each; Agnieszka, reading Polish, sees the
targets and what works marked as machine translation, tags her own entry from home as
evidence, and she and Piotr were told of each target in Polish."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext as _

from bridgebook.conftest import signed_in
from bridgebook.core.models import AuditEvent, User
from bridgebook.diary.models import Entry
from bridgebook.diary.tests.factories import EntryFactory
from bridgebook.messaging.models import Message
from bridgebook.people.models import Contact, Pupil
from bridgebook.targets.models import TARGET_NOTICE, Evidence, Outcome, Strategy, Target
from bridgebook.translation.display import labels


@pytest.fixture
def zofia(db, settings):
    # The demo as it is shown: families' words marked "[pl] …" by the local backend.
    settings.BRIDGEBOOK_TRANSLATION = {"BACKEND": "local", "OPTIONS": {}}
    call_command("seed_demo", stdout=StringIO())
    return Pupil.objects.select_related("school").get(legal_first_name="Zofia",
                                                      legal_last_name="Nowak")


def test_zofias_targets_from_her_teacher_and_her_mother(zofia):
    assert Outcome.objects.filter(plan__pupil=zofia, plan__is_current=True).count() == 2
    targets = list(Target.objects.filter(pupil=zofia, status=Target.Status.OPEN)
                   .order_by("pk"))
    assert len(targets) == 3
    # Written through the actions: each target set is in the audit log.
    assert AuditEvent.objects.filter(object_type="target", action=AuditEvent.Action.CREATE,
                                     object_id__in=[str(t.pk) for t in targets]).count() == 3

    # Her teacher tags two days of the class's book, one POST each.
    marcus = User.objects.get(full_name="Marcus Reid")
    teacher = signed_in(marcus)
    target = targets[1]
    days = (Entry.objects.filter(pupil=zofia, origin=Entry.Origin.SCHOOL,
                                 status=Entry.Status.PUBLISHED, deleted_at__isnull=True)
            .exclude(pk__in=Evidence.objects.values("entry_id").filter(entry__isnull=False))
            .order_by("-date"))[:2]
    assert len(days) == 2
    for entry in days:
        day = reverse("diary:class_day_on", args=[zofia.school_class_id,
                                                  entry.date.isoformat()])
        assert f'value="{entry.pk}:{target.pk}"' in teacher.get(day).content.decode()
        answer = teacher.post(reverse("targets:tag_entry"),
                              {"tag": f"{entry.pk}:{target.pk}", "next": day})
        assert answer.status_code == 302
    assert set(Evidence.objects.filter(targets=target, entry__isnull=False)
               .values_list("entry_id", flat=True)) == {entry.pk for entry in days}

    # Agnieszka reads the targets and what works in Polish, marked.
    agnieszka = Contact.objects.get(school=zofia.school, first_name="Agnieszka",
                                    last_name="Nowak")
    assert agnieszka.language == "pl"
    mother = signed_in(agnieszka.user, interface_language=None)
    page = mother.get(reverse("targets:pupil", args=[zofia.pk])).content.decode()
    for item in targets:
        assert escape(f"[pl] {item.text}") in page
    for strategy in Strategy.objects.filter(pupil=zofia, removed_at__isnull=True):
        assert escape(f"[pl] {strategy.text}") in page
    assert labels("pl")["machine"] in page

    # She tags an entry of her own from home as evidence.
    home = EntryFactory(pupil=zofia, author=agnieszka.user, origin=Entry.Origin.HOME,
                        household=agnieszka.household, note="",
                        home_news="Powiedziała 'skończone' przy kolacji")
    entry_page = mother.get(reverse("diary:entry", args=[home.pk])).content.decode()
    assert f'value="{home.pk}:{target.pk}"' in entry_page
    assert mother.post(reverse("targets:tag_entry"),
                       {"tag": f"{home.pk}:{target.pk}"}).status_code == 302
    evidence = Evidence.objects.get(entry=home)
    assert evidence.from_family and list(evidence.targets.all()) == [target]
    page = mother.get(reverse("targets:target", args=[target.pk])).content.decode()
    assert reverse("diary:entry", args=[home.pk]) in page

    # She and Piotr were told of each target, in Polish.
    with translation.override("pl"):
        heading = _("A new target for %(name)s") % {"name": zofia.first_name}
    assert heading != "A new target for Zofia"
    for first_name in ("Agnieszka", "Piotr"):
        told = Message.objects.filter(kind=TARGET_NOTICE, contact__first_name=first_name,
                                      contact__last_name="Nowak", pupils=zofia)
        assert told.count() == 3
        assert all(message.subject == heading for message in told)
        bodies = " ".join(message.body for message in told)
        assert all(f"[pl] {item.text}" in bodies for item in targets)
