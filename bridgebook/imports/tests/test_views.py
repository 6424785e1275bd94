"""The import screen, as the office uses it, and who may reach it."""

import csv
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.core.tests.queries import STAFF_FRAME
from bridgebook.imports.models import ColumnMapping, ImportRun
from bridgebook.people.models import Contact, Pupil, PupilContact

FIXTURES = Path(__file__).parent / "fixtures"
SCHOOL_STAFF_NOT_OFFICE = {"class_teacher", "other_teacher", "senco", "therapist"}
OFFICE = {"office", "principal", "trust_admin"}


def _expected(name: str) -> int:
    if name == "anonymous":
        return 302
    if name in OFFICE:
        return 200
    return 403 if name in SCHOOL_STAFF_NOT_OFFICE else 404


@pytest.mark.parametrize("url_name,args", [("imports:home", []),
                                           ("imports:export", ["pupils"]),
                                           ("imports:export", ["contacts"])])
@pytest.mark.parametrize("name", PERSONAS)
def test_who_reaches_imports_and_exports(world, name, url_name, args):
    response = signed_in(persona(world, name)).get(
        reverse(url_name, args=[world.school.urn, *args]))
    assert response.status_code == _expected(name)


def _upload(client, world, kind: str, name: str, content: bytes):
    return client.post(reverse("imports:home", args=[world.school.urn]),
                       {"kind": kind, "file": SimpleUploadedFile(name, content)})


def _token(response) -> str:
    return response.url.rstrip("/").split("/")[-2]


def test_pupils_csv_upload_map_preview_import(world):
    client = signed_in(world.office)
    response = _upload(client, world, "pupils", "pupils.csv",
                       (FIXTURES / "pupils.csv").read_bytes())
    assert response.status_code == 302 and "/columns/" in response.url
    token = _token(response)
    page = client.get(response.url).content.decode()
    assert "Legal Forename" in page  # the file's headers are offered
    form = {"upn": "UPN", "mis_id": "Adno", "legal_first_name": "Legal Forename",
            "legal_last_name": "Legal Surname", "preferred_first_name": "Preferred Forename",
            "date_of_birth": "DOB", "class_name": "Reg Group", "home_language": "Home Language",
            "address_line_1": "Address Line 1", "town": "Town", "postcode": "Postcode"}
    response = client.post(reverse("imports:columns", args=[world.school.urn, token]), form)
    assert response.url == reverse("imports:preview", args=[world.school.urn, token])
    assert ColumnMapping.objects.get(school=world.school, file_kind="pupils").mapping[
        "class_name"] == "Reg Group"
    before = Pupil.objects.count()
    preview = client.get(response.url).content.decode()
    assert "Check the changes" in preview and "Maja Kowalska" in preview
    # The two pupils already in Bridgebook are not in this file: reported, never removed.
    assert "Not in this file" in preview and world.pupil.legal_name in preview
    assert Pupil.objects.count() == before  # a preview saves nothing
    response = client.post(reverse("imports:commit", args=[world.school.urn, token]))
    run = ImportRun.objects.get(school=world.school)
    assert response.url == reverse("imports:run", args=[world.school.urn, run.pk])
    assert run.status == "committed" and run.counts["pupils_created"] > 0
    assert Pupil.objects.filter(school=world.school, legal_first_name="Maja").exists()
    assert Pupil.objects.filter(pk=world.pupil.pk).exists()
    assert AuditEvent.objects.filter(school=world.school, actor=world.office,
                                     summary__icontains="import").exists()
    result = client.get(response.url).content.decode()
    assert "Imported" in result and "Maja Kowalska" in result
    # The pending file is gone: the same token cannot import twice.
    assert client.post(reverse("imports:commit", args=[world.school.urn, token])
                       ).status_code == 404


def test_the_mapping_is_remembered(world):
    ColumnMapping.objects.create(school=world.school, file_kind="pupils",
                                 mapping={"class_name": "Home Language"})
    client = signed_in(world.office)
    response = _upload(client, world, "pupils", "pupils.csv",
                       (FIXTURES / "pupils.csv").read_bytes())
    page = client.get(response.url).content.decode()
    assert "We have filled in the choices you made last time" in page
    assert '<option value="Home Language" selected>' in page


def test_mapping_needs_the_required_columns(world):
    client = signed_in(world.office)
    token = _token(_upload(client, world, "pupils", "pupils.csv",
                           (FIXTURES / "pupils.csv").read_bytes()))
    response = client.post(reverse("imports:columns", args=[world.school.urn, token]),
                           {"legal_first_name": "Legal Forename", "date_of_birth": "DOB",
                            "legal_last_name": "Legal Forename"})
    content = response.content.decode()
    assert "govuk-error-summary" in content
    assert "Choose the column that holds the UPN or pupil id" in content
    assert "is chosen twice" in content


def test_ctf_goes_straight_to_preview_and_imports(world):
    client = signed_in(world.office)
    response = _upload(client, world, "ctf", "joining.xml",
                       (FIXTURES / "ctf_siblings.xml").read_bytes())
    assert "/preview/" in response.url
    token = _token(response)
    preview = client.get(response.url).content.decode()
    assert "Check the changes" in preview
    assert "Not in this file" not in preview  # a CTF is not the whole school
    client.post(reverse("imports:commit", args=[world.school.urn, token]))
    run = ImportRun.objects.get(school=world.school)
    assert run.status == "committed" and run.kind == "ctf"
    assert run.counts["pupils_created"] >= 2


@pytest.mark.parametrize("content,message", [
    (b"%PDF-1.7 not a CTF at all", "XML"),
    (b"<?xml version='1.0'?><Something/>", "CTF"),
])
def test_a_file_that_is_not_a_ctf_is_refused_clearly(world, content, message):
    client = signed_in(world.office)
    response = _upload(client, world, "ctf", "wrong.xml", content)
    page = client.get(response.url).content.decode()
    assert "The file cannot be imported" in page and message in page
    assert "Nothing has been imported" in page


def test_problems_are_listed_and_nothing_is_imported(world):
    client = signed_in(world.office)
    bad = (b"UPN,Legal Forename,Legal Surname,DOB\n"
           b"G801200026001,Maja,Kowalska,31/02/2014\n"
           b",Leon,Kowalski,02/11/2016\n")
    token = _token(_upload(client, world, "pupils", "bad.csv", bad))
    client.post(reverse("imports:columns", args=[world.school.urn, token]),
                {"upn": "UPN", "legal_first_name": "Legal Forename",
                 "legal_last_name": "Legal Surname", "date_of_birth": "DOB"})
    page = client.get(reverse("imports:preview", args=[world.school.urn, token])
                      ).content.decode()
    assert "The file cannot be imported" in page
    assert "line 2" in page and "line 3" in page
    before = Pupil.objects.count()
    client.post(reverse("imports:commit", args=[world.school.urn, token]))
    assert Pupil.objects.count() == before
    assert ImportRun.objects.get(school=world.school).status == "refused"


def test_empty_and_oversized_files_get_a_message(world, settings):
    client = signed_in(world.office)
    response = _upload(client, world, "pupils", "empty.csv", b"")
    assert "The selected file is empty" in response.content.decode()


def test_another_persons_pending_file_is_not_reachable(world):
    token = _token(_upload(signed_in(world.office), world, "pupils", "pupils.csv",
                           (FIXTURES / "pupils.csv").read_bytes()))
    other = signed_in(world.principal)
    assert other.get(reverse("imports:preview", args=[world.school.urn, token])
                     ).status_code == 404
    assert other.post(reverse("imports:commit", args=[world.school.urn, token])
                      ).status_code == 404


def _rows(response) -> list[list[str]]:
    text = b"".join(response.streaming_content if response.streaming else [response.content])
    return list(csv.reader(io.StringIO(text.decode("utf-8-sig"))))


def test_export_pupils_and_contacts(world):
    client = signed_in(world.office)
    pupils = _rows(client.get(reverse("imports:export", args=[world.school.urn, "pupils"])))
    assert pupils[0][:4] == ["UPN", "Pupil ID", "Legal Forename", "Legal Surname"]
    names = {row[2] for row in pupils[1:]}
    assert {"Amira", "Ben"} <= names and "Olly" not in names  # not the other school's
    contacts = _rows(client.get(reverse("imports:export", args=[world.school.urn, "contacts"])))
    header = contacts[0]
    rex = next(row for row in contacts[1:] if row[header.index("Forename")] == "Rex")
    assert rex[header.index("Court Order")] == "T"
    assert AuditEvent.objects.filter(action="export", actor=world.office).count() == 2


def test_exported_files_import_back_unchanged(world):
    """An export read back by the import changes nothing: the columns round-trip."""
    client = signed_in(world.office)
    exported = client.get(reverse("imports:export", args=[world.school.urn, "pupils"])).content
    token = _token(_upload(client, world, "pupils", "export.csv", exported))
    columns = client.get(reverse("imports:columns", args=[world.school.urn, token]))
    form = {name: field.initial or "" for name, field in columns.context["form"].fields.items()}
    client.post(reverse("imports:columns", args=[world.school.urn, token]), form)
    page = client.get(reverse("imports:preview", args=[world.school.urn, token]))
    assert page.context["problems"] == []
    counts = page.context["counts"]
    assert counts["pupils_created"] == 0 and counts["pupils_updated"] == 0


def test_import_home_query_count(world, django_assert_num_queries):
    for _n in range(3):
        ImportRun.objects.create(school=world.school, kind="csv", status="committed",
                                 uploaded_by=world.office, filename="pupils.csv")
    client = signed_in(world.office)
    client.get(reverse("imports:home", args=[world.school.urn]))
    # STAFF_FRAME, the school, count of runs, one page of runs with who uploaded them
    with django_assert_num_queries(STAFF_FRAME + 3):
        client.get(reverse("imports:home", args=[world.school.urn]))
    for _n in range(3):
        ImportRun.objects.create(school=world.school, kind="ctf", status="refused",
                                 uploaded_by=world.principal, filename="x.xml")
    with django_assert_num_queries(STAFF_FRAME + 3):
        client.get(reverse("imports:home", args=[world.school.urn]))


# Pupils and contacts in one file -------------------------------------------------------

COMBINED = (FIXTURES / "pupils_and_contacts.csv").read_bytes()


def _map_as_guessed(client, world, token: str):
    """Accept the column choices the mapping screen offers."""
    url = reverse("imports:columns", args=[world.school.urn, token])
    form = client.get(url).context["form"]
    return client.post(url, {name: field.initial or "" for name, field in form.fields.items()})


def test_combined_csv_upload_map_preview_import(world):
    client = signed_in(world.office)
    response = _upload(client, world, "combined", "family.csv", COMBINED)
    assert "/columns/" in response.url
    token = _token(response)
    page = client.get(response.url).content.decode()
    assert "Contact&#x27;s forename (needed)" in page and "Legal forename (needed)" in page
    assert "seems to hold pupils" not in page  # already read as what it is
    response = _map_as_guessed(client, world, token)
    assert response.url == reverse("imports:preview", args=[world.school.urn, token])
    saved = ColumnMapping.objects.get(school=world.school, file_kind="combined").mapping
    assert (saved["first_name"], saved["legal_first_name"], saved["contact_postcode"]) == (
        "Contact Forename", "Legal Forename", "Contact Postcode")

    before = (Pupil.objects.count(), Contact.objects.count(), PupilContact.objects.count())
    preview = client.get(response.url)
    assert preview.context["problems"] == []
    assert {key: preview.context["counts"][key] for key in (
        "pupils_created", "contacts_created", "links_created")} == {
        "pupils_created": 4, "contacts_created": 6, "links_created": 9}
    page = preview.content.decode()
    # Pupils, contacts and the links between them, together, before anything is saved.
    assert "Maja Kowalska" in page and "Jo Reed" in page
    assert "Dean Hart for Samir Patel" in page and "Anna Kowalska for Leon Kowalski" in page
    assert (Pupil.objects.count(), Contact.objects.count(),
            PupilContact.objects.count()) == before

    response = client.post(reverse("imports:commit", args=[world.school.urn, token]))
    run = ImportRun.objects.get(school=world.school)
    assert response.url == reverse("imports:run", args=[world.school.urn, run.pk])
    assert run.status == "committed" and run.kind == "csv"
    assert run.counts["links_created"] == 9
    anna = Contact.objects.get(school=world.school, mis_id="C1")
    assert anna.pupil_links.count() == 2

    # The same file again: the choices are remembered and nothing changes.
    token = _token(_upload(client, world, "combined", "family.csv", COMBINED))
    page = client.get(reverse("imports:columns", args=[world.school.urn, token]))
    assert "We have filled in the choices you made last time" in page.content.decode()
    _map_as_guessed(client, world, token)
    counts = client.get(reverse("imports:preview", args=[world.school.urn, token])
                        ).context["counts"]
    assert {key: value for key, value in counts.items() if key != "pupils_missing"} == \
        dict.fromkeys(("pupils_created", "pupils_updated", "contacts_created",
                       "contacts_updated", "links_created", "links_updated",
                       "classes_created", "households_created"), 0)


def test_a_combined_file_uploaded_as_pupils_is_suggested_as_combined(world):
    client = signed_in(world.office)
    token = _token(_upload(client, world, "pupils", "family.csv", COMBINED))
    url = reverse("imports:columns", args=[world.school.urn, token])
    page = client.get(url).content.decode()
    assert "This file seems to hold pupils and their contacts together" in page
    assert 'name="read_as" value="combined"' in page
    client.post(url, {"read_as": "ctf"})  # not a kind a CSV file can be read as
    assert "This file seems to hold pupils" in client.get(url).content.decode()
    response = client.post(url, {"read_as": "combined"})
    assert response.url == url
    page = client.get(url).content.decode()
    assert "seems to hold pupils" not in page and "Contact&#x27;s forename" in page
    assert not ColumnMapping.objects.exists()  # switching kind chooses no columns yet
    _map_as_guessed(client, world, token)
    preview = client.get(reverse("imports:preview", args=[world.school.urn, token]))
    assert preview.context["problems"] == []
    # A pupils export is not told it might be something else.
    token = _token(_upload(client, world, "pupils", "pupils.csv",
                           (FIXTURES / "pupils.csv").read_bytes()))
    page = client.get(reverse("imports:columns", args=[world.school.urn, token]))
    assert "seems to" not in page.content.decode()


def test_a_combined_file_whose_rows_disagree_is_refused_in_the_browser(world):
    client = signed_in(world.office)
    lines = COMBINED.decode().splitlines()
    lines[9] = lines[9].replace("21/07/2015", "22/07/2015")  # Samir's third row, line 10
    token = _token(_upload(client, world, "combined", "family.csv",
                           "\n".join(lines).encode()))
    _map_as_guessed(client, world, token)
    page = client.get(reverse("imports:preview", args=[world.school.urn, token]))
    assert page.context["problems"] == [{
        "where": "line 10, column DOB",
        "message": "The date of birth differs from line 8 for the same pupil "
                   "(UPN K801200026003): \"22/07/2015\" here, \"21/07/2015\" there."}]
    assert "The file cannot be imported" in page.content.decode()
    before = (Pupil.objects.count(), Contact.objects.count(), PupilContact.objects.count())
    client.post(reverse("imports:commit", args=[world.school.urn, token]))
    assert ImportRun.objects.get(school=world.school).status == "refused"
    assert (Pupil.objects.count(), Contact.objects.count(),
            PupilContact.objects.count()) == before


@pytest.mark.parametrize("url_name", ["imports:columns", "imports:preview", "imports:commit"])
@pytest.mark.parametrize("name", [name for name in PERSONAS if name != "office"])
def test_who_reaches_someone_elses_combined_upload(world, name, url_name):
    token = _token(_upload(signed_in(world.office), world, "combined", "family.csv", COMBINED))
    client = signed_in(persona(world, name))
    url = reverse(url_name, args=[world.school.urn, token])
    response = client.post(url) if url_name == "imports:commit" else client.get(url)
    # Office staff of the school may import, but this file is in the office's session only.
    expected = 302 if name == "anonymous" else 403 if name in SCHOOL_STAFF_NOT_OFFICE else 404
    assert response.status_code == expected


def test_combined_preview_query_count(world, django_assert_num_queries):
    client = signed_in(world.office)
    token = _token(_upload(client, world, "combined", "family.csv", COMBINED))
    _map_as_guessed(client, world, token)
    url = reverse("imports:preview", args=[world.school.urn, token])
    client.get(url)
    # STAFF_FRAME, the school; then the plan: pupils (with classes), classes, households,
    # contacts, links — four pupils, six contacts and nine links from the file, and the
    # school's own, in those five.
    with django_assert_num_queries(STAFF_FRAME + 1 + 5):
        assert client.get(url).context["counts"]["links_created"] == 9
