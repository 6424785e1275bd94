"""Photos in the book: what is refused, what is kept of a file, who may see it.

Uploads are opened whatever their names say; bad ones are refused with a message naming
the file, and a set of files is saved all or nothing. A photo is streamed only by
``diary:photo`` to someone who may see a tagged pupil whose consent allows photos.
"""

import datetime as dt
import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import ExifTags, Image

from bridgebook.conftest import PERSONAS, persona, signed_in
from bridgebook.core.models import AuditEvent
from bridgebook.diary import actions
from bridgebook.diary.access import access_photo
from bridgebook.diary.actions import do_add_photos
from bridgebook.diary.models import Entry, Photo
from bridgebook.diary.photos import (
    MAX_BYTES,
    PhotoError,
    photo_url,
    process_upload,
)
from bridgebook.people.models import PhotoConsent
from bridgebook.people.tests.factories import ContactFactory, PupilContactFactory, PupilFactory

DAY = dt.date(2026, 3, 10)


# Files -----------------------------------------------------------------------------------

def image_bytes(size=(800, 600), fmt="JPEG", colour=(200, 40, 40), exif=None,
                mode="RGB") -> bytes:
    out = io.BytesIO()
    image = Image.new(mode, size, colour if mode == "RGB" else 0)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(out, fmt, **kwargs)
    return out.getvalue()


def upload(data: bytes, name="photo.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def gps_exif(orientation: int | None = None) -> Image.Exif:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Model] = "Phone 12"
    if orientation is not None:
        exif[ExifTags.Base.Orientation] = orientation
    exif[ExifTags.IFD.GPSInfo] = {
        ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (51.0, 30.0, 12.0),
        ExifTags.GPS.GPSLongitudeRef: "W", ExifTags.GPS.GPSLongitude: (0.0, 7.0, 40.0),
    }
    return exif


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge image: a decompression bomb."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 64)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# World -----------------------------------------------------------------------------------

@pytest.fixture
def consenting(world):
    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save(update_fields=["photo_consent"])
    return world.pupil


@pytest.fixture
def classmate(world):
    return PupilFactory(school=world.school, school_class=world.class_a,
                        legal_first_name="Chloe", legal_last_name="Price",
                        photo_consent=PhotoConsent.SCHOOL)


@pytest.fixture
def no_consent_classmate(world):
    return PupilFactory(school=world.school, school_class=world.class_a,
                        legal_first_name="Dylan", legal_last_name="Reed",
                        photo_consent=PhotoConsent.NONE)


def school_entry(world, pupil=None, *, publish=True) -> Entry:
    return actions.do_create_entry(pupil=pupil or world.pupil, author=world.class_teacher,
                                   origin=Entry.Origin.SCHOOL, date=DAY,
                                   data={"note": "Painted a sunflower."}, publish=publish)


def parent_of(world, pupil, first_name="Beth"):
    """A parent with parental responsibility for ``pupil``, with an account."""
    from bridgebook.core.tests.factories import UserFactory

    user = UserFactory(email=f"{first_name.lower()}@family.example", full_name=first_name)
    contact = ContactFactory(school=world.school, first_name=first_name, last_name="Parent",
                             email=user.email, user=user)
    PupilContactFactory(pupil=pupil, contact=contact, relationship="PAM", priority=1)
    return user


# process_upload --------------------------------------------------------------------------

def test_a_photo_is_re_encoded_as_jpeg_without_exif_or_gps():
    original = image_bytes(exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(ExifTags.IFD.GPSInfo)

    content, width, height = process_upload(upload(original))

    stored = content.read()
    kept = Image.open(io.BytesIO(stored))
    assert kept.format == "JPEG"
    assert (kept.width, kept.height) == (width, height) == (800, 600)
    assert len(kept.getexif()) == 0
    assert kept.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert "exif" not in kept.info and "xmp" not in kept.info and "icc_profile" not in kept.info
    assert stored and b"PhoneMaker" not in stored and b"Exif" not in stored


def test_a_photo_is_turned_the_right_way_up():
    # Orientation 6: the camera was turned; the pixels need a quarter turn to be upright.
    content, width, height = process_upload(upload(image_bytes(size=(400, 200),
                                                               exif=gps_exif(6))))
    assert (width, height) == (200, 400)


@pytest.mark.parametrize(("size", "expected"), [
    ((4000, 3000), (1600, 1200)),
    ((1000, 3200), (500, 1600)),
    ((1200, 900), (1200, 900)),
])
def test_a_photo_is_at_most_1600_px_on_its_long_side(size, expected):
    _content, width, height = process_upload(upload(image_bytes(size=size)))
    assert (width, height) == expected


@pytest.mark.parametrize("fmt", ["PNG", "WEBP"])
def test_png_and_webp_are_taken_and_kept_as_jpeg(fmt):
    content, _width, _height = process_upload(upload(image_bytes(fmt=fmt), name="x.png"))
    assert Image.open(io.BytesIO(content.read())).format == "JPEG"


def test_transparency_becomes_white():
    out = io.BytesIO()
    Image.new("RGBA", (10, 10), (255, 0, 0, 0)).save(out, "PNG")
    content, _w, _h = process_upload(upload(out.getvalue(), name="clear.png"))
    assert Image.open(io.BytesIO(content.read())).getpixel((5, 5)) >= (250, 250, 250)


def test_a_file_over_15_mb_is_refused_before_it_is_opened():
    big = upload(b"\xff\xd8" + b"\0" * MAX_BYTES, name="big.jpg")
    with pytest.raises(PhotoError, match="The photo must be smaller than 15 MB"):
        process_upload(big)


@pytest.mark.parametrize(("data", "name"), [
    (b"%PDF-1.4\n1 0 obj<<>>endobj\n", "holiday.jpg"),
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>", "a.jpg"),
    (b"MZ\x90\x00" + b"\0" * 200, "photo.jpeg"),
    (image_bytes()[:400], "cut-short.jpg"),
    (image_bytes(fmt="GIF"), "moving.jpg"),
    (image_bytes(fmt="BMP"), "old.jpg"),
])
def test_something_that_is_not_a_photo_is_refused_whatever_its_name(data, name):
    with pytest.raises(PhotoError, match="must be a photo in JPEG, PNG, WebP or HEIC format"):
        process_upload(upload(data, name=name))


def test_an_empty_file_is_refused():
    with pytest.raises(PhotoError, match="empty"):
        process_upload(upload(b"", name="empty.jpg"))


def test_an_image_above_40_megapixels_is_refused():
    out = io.BytesIO()
    Image.new("1", (8000, 6000)).save(out, "PNG")  # 48 megapixels, a few kilobytes
    with pytest.raises(PhotoError, match="This image is too large to open safely"):
        process_upload(upload(out.getvalue(), name="bomb.png"))


def test_a_decompression_bomb_is_refused():
    # 900 megapixels claimed by a file of a hundred bytes: Pillow's own bomb check fires.
    with pytest.raises(PhotoError, match="This image is too large to open safely"):
        process_upload(upload(png_header_only(30_000, 30_000), name="bomb.png"))


# do_add_photos ---------------------------------------------------------------------------

def test_several_photos_are_added_to_an_entry_tagged_with_its_pupil(world, consenting):
    entry = school_entry(world)
    photos = do_add_photos(entry=entry, files=[upload(image_bytes()), upload(image_bytes())],
                           alt_text="Amira painting", uploaded_by=world.class_teacher)
    assert len(photos) == 2
    for photo in photos:
        photo.refresh_from_db()
        assert list(photo.pupils.all()) == [world.pupil]
        assert (photo.school, photo.date, photo.entry) == (world.school, DAY, entry)
        assert (photo.width, photo.height) == (800, 600)
        assert photo.image.name.endswith(f"{photo.token}.jpg")
        assert Path(photo.image.path).exists()
    assert AuditEvent.objects.filter(action=AuditEvent.Action.CREATE,
                                     object_type="photo").count() == 2


def test_no_photo_of_a_pupil_without_consent(world):
    assert world.pupil.photo_consent == PhotoConsent.NONE
    entry = school_entry(world)
    with pytest.raises(PhotoError, match="There is no photo consent for Amira Hassan"):
        do_add_photos(entry=entry, files=[upload(image_bytes())], alt_text="Amira",
                      uploaded_by=world.class_teacher)
    assert not Photo.objects.exists() and media_files() == []


def test_one_bad_file_stops_them_all_and_is_named(world, consenting):
    entry = school_entry(world)
    files = [upload(image_bytes(), name="good.jpg"), upload(b"not a photo", name="notes.jpg"),
             upload(image_bytes(), name="also-good.jpg")]
    with pytest.raises(PhotoError, match="notes.jpg: .* No photos were added"):
        do_add_photos(entry=entry, files=files, alt_text="Amira", uploaded_by=world.class_teacher)
    assert not Photo.objects.exists() and media_files() == []


def test_alt_text_is_required(world, consenting):
    with pytest.raises(PhotoError, match="Describe what the photo shows"):
        do_add_photos(entry=school_entry(world), files=[upload(image_bytes())], alt_text="  ",
                      uploaded_by=world.class_teacher)


def test_a_group_photo_is_tagged_with_several_pupils(world, consenting, classmate):
    [photo] = do_add_photos(school_class=world.class_a, day=DAY,
                            files=[upload(image_bytes())], alt_text="Class A at the park",
                            pupils=[world.pupil, classmate], uploaded_by=world.class_teacher)
    assert photo.entry is None and photo.event is None and photo.date == DAY
    assert set(photo.pupils.all()) == {world.pupil, classmate}


def test_a_group_photo_with_a_pupil_without_consent_saves_nothing(
        world, consenting, classmate, no_consent_classmate):
    with pytest.raises(PhotoError) as refused:
        do_add_photos(school_class=world.class_a, day=DAY, files=[upload(image_bytes())],
                      alt_text="Class A", pupils=[world.pupil, no_consent_classmate, classmate],
                      uploaded_by=world.class_teacher)
    assert "Dylan Reed" in refused.value.message
    assert "Amira" not in refused.value.message and "Chloe" not in refused.value.message
    assert refused.value.field == "pupils"
    assert not Photo.objects.exists() and media_files() == []


def test_a_group_photo_only_tags_pupils_of_the_class(world, consenting):
    world.pupil_b.photo_consent = PhotoConsent.BOOK
    world.pupil_b.save(update_fields=["photo_consent"])
    with pytest.raises(PhotoError, match="Ben Jones is not in Class A"):
        do_add_photos(school_class=world.class_a, day=DAY, files=[upload(image_bytes())],
                      alt_text="Class A", pupils=[world.pupil, world.pupil_b],
                      uploaded_by=world.class_teacher)


def test_storage_is_cleaned_when_the_database_write_fails(world, consenting, monkeypatch):
    entry = school_entry(world)

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr("bridgebook.core.audit.record", broken)
    with pytest.raises(RuntimeError):
        do_add_photos(entry=entry, files=[upload(image_bytes()), upload(image_bytes())],
                      alt_text="Amira", uploaded_by=world.class_teacher)
    assert not Photo.objects.exists() and media_files() == []


# Who sees a photo ------------------------------------------------------------------------

SEE_PUPIL = {"class_teacher", "principal", "office", "senco", "therapist", "trust_admin",
             "parent", "separated_parent"}


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_see_an_entry_photo(world, consenting, name):
    [photo] = do_add_photos(entry=school_entry(world), files=[upload(image_bytes())],
                            alt_text="Amira painting", uploaded_by=world.class_teacher)
    response = signed_in(persona(world, name)).get(photo_url(photo))
    if name == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if name in SEE_PUPIL else 404), name
    if response.status_code == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        body = b"".join(response.streaming_content)
        assert Image.open(io.BytesIO(body)).format == "JPEG"


def test_a_photo_is_shown_at_its_own_address_never_from_media_url(world, consenting):
    [photo] = do_add_photos(entry=school_entry(world), files=[upload(image_bytes())],
                            alt_text="Amira", uploaded_by=world.class_teacher)
    assert photo_url(photo) == reverse("diary:photo", args=[photo.token])
    assert not photo_url(photo).startswith(settings.MEDIA_URL)
    assert len(photo.token) >= 20


def test_a_group_photo_follows_each_tagged_pupils_consent(world, consenting, classmate):
    [photo] = do_add_photos(school_class=world.class_a, day=DAY,
                            files=[upload(image_bytes())], alt_text="Class A at the park",
                            pupils=[world.pupil, classmate], uploaded_by=world.class_teacher)
    classmate_parent = parent_of(world, classmate)
    url = photo_url(photo)
    assert signed_in(world.parent).get(url).status_code == 200
    assert signed_in(classmate_parent).get(url).status_code == 200
    # Chloe's family withdraw consent: the same photo is no longer theirs to see.
    classmate.photo_consent = PhotoConsent.NONE
    classmate.save(update_fields=["photo_consent"])
    assert signed_in(classmate_parent).get(url).status_code == 404
    assert signed_in(world.parent).get(url).status_code == 200
    assert signed_in(world.restricted_parent).get(url).status_code == 404


def test_a_parent_of_another_child_cannot_see_a_photo(world, consenting):
    [photo] = do_add_photos(entry=school_entry(world), files=[upload(image_bytes())],
                            alt_text="Amira", uploaded_by=world.class_teacher)
    other_parent = parent_of(world, world.pupil_b)
    assert signed_in(other_parent).get(photo_url(photo)).status_code == 404


def test_a_photo_of_a_draft_or_removed_entry_is_hidden_from_families(world, consenting):
    entry = school_entry(world, publish=False)
    [photo] = do_add_photos(entry=entry, files=[upload(image_bytes())], alt_text="Amira",
                            uploaded_by=world.class_teacher)
    assert signed_in(world.parent).get(photo_url(photo)).status_code == 404
    assert signed_in(world.class_teacher).get(photo_url(photo)).status_code == 200
    actions.do_publish_entry(entry=entry, acting_user=world.class_teacher)
    assert signed_in(world.parent).get(photo_url(photo)).status_code == 200
    actions.do_remove_entry(entry=entry, acting_user=world.class_teacher)
    assert signed_in(world.parent).get(photo_url(photo)).status_code == 404
    assert signed_in(world.class_teacher).get(photo_url(photo)).status_code == 404


def test_an_unknown_token_is_not_found(world):
    assert signed_in(world.class_teacher).get(
        reverse("diary:photo", args=["nothing-here"])).status_code == 404


def test_access_photo_checks_in_a_fixed_number_of_queries(world, consenting, classmate,
                                                          django_assert_num_queries):
    [photo] = do_add_photos(school_class=world.class_a, day=DAY,
                            files=[upload(image_bytes())], alt_text="Class A",
                            pupils=[world.pupil, classmate], uploaded_by=world.class_teacher)
    user = world.parent
    from bridgebook.core.access import viewer_for
    viewer_for(user)
    # 1 the photo with its entry and event; 2 a tagged, visible, consenting pupil exists.
    with django_assert_num_queries(2):
        assert access_photo(user, photo.token) == photo


# The upload pages ------------------------------------------------------------------------

STAFF_SEE_PUPIL = {"class_teacher", "principal", "office", "senco", "therapist",
                   "trust_admin"}
SEE_CLASS_A = STAFF_SEE_PUPIL


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_add_photos_for_a_school_entry(world, consenting, name):
    entry = school_entry(world)
    response = signed_in(persona(world, name)).get(reverse("diary:photo_add", args=[entry.pk]))
    if name == "anonymous":
        assert response.status_code == 302
        return
    expected = 200 if name in STAFF_SEE_PUPIL else 403 if name in SEE_PUPIL else 404
    assert response.status_code == expected, name


@pytest.mark.parametrize("name", PERSONAS)
def test_who_may_open_add_a_group_photo(world, name):
    url = reverse("diary:group_photo_add", args=[world.class_a.pk, DAY.isoformat()])
    response = signed_in(persona(world, name)).get(url)
    if name == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == (200 if name in SEE_CLASS_A else 404), name


def test_a_teacher_adds_photos_to_an_entry(world, consenting):
    entry = school_entry(world)
    response = signed_in(world.class_teacher).post(
        reverse("diary:photo_add", args=[entry.pk]),
        {"photos": [upload(image_bytes(), name="a.jpg"), upload(image_bytes(), name="b.jpg")],
         "alt_text": "Amira painting a sunflower"})
    assert response.status_code == 302
    assert response["Location"] == reverse("diary:entry", args=[entry.pk])
    assert entry.photos.count() == 2


def test_the_page_names_the_bad_file_and_saves_nothing(world, consenting):
    entry = school_entry(world)
    response = signed_in(world.class_teacher).post(
        reverse("diary:photo_add", args=[entry.pk]),
        {"photos": [upload(image_bytes(), name="a.jpg"), upload(b"text", name="fake.jpg")],
         "alt_text": "Amira"})
    assert response.status_code == 200
    assert "fake.jpg: The file must be a photo" in response.content.decode()
    assert 'href="#id_photos"' in response.content.decode()
    assert not Photo.objects.exists()


def test_the_page_says_there_is_no_consent(world):
    entry = school_entry(world)
    client = signed_in(world.class_teacher)
    page = client.get(reverse("diary:photo_add", args=[entry.pk])).content.decode()
    assert "There is no photo consent for Amira Hassan" in page
    response = client.post(reverse("diary:photo_add", args=[entry.pk]),
                           {"photos": [upload(image_bytes())], "alt_text": "Amira"})
    assert "There is no photo consent for Amira Hassan" in response.content.decode()
    assert not Photo.objects.exists()


def test_a_parent_adds_photos_to_their_own_home_entry_only(world, consenting):
    home = actions.do_create_entry(pupil=world.pupil, author=world.parent,
                                   origin=Entry.Origin.HOME, date=DAY,
                                   data={"home_news": "Went to the beach."}, publish=True)
    url = reverse("diary:photo_add", args=[home.pk])
    # Omar lives elsewhere: Layla's own entry is not his to see (it is not shared).
    assert signed_in(world.separated_parent).get(url).status_code == 404
    response = signed_in(world.parent).post(url, {"photos": [upload(image_bytes())],
                                                  "alt_text": "Amira on the beach"})
    assert response.status_code == 302
    assert home.photos.count() == 1


def test_a_teacher_adds_a_group_photo_and_sees_who_cannot_be_tagged(
        world, consenting, classmate, no_consent_classmate):
    url = reverse("diary:group_photo_add", args=[world.class_a.pk, DAY.isoformat()])
    client = signed_in(world.class_teacher)
    page = client.get(url).content.decode()
    assert "Dylan Reed (no photo consent)" in page
    refused = client.post(url, {"pupils": [world.pupil.pk, no_consent_classmate.pk],
                                "photos": [upload(image_bytes())], "alt_text": "Park"})
    assert refused.status_code == 200
    assert "There is no photo consent for Dylan Reed" in refused.content.decode()
    assert not Photo.objects.exists()
    added = client.post(url, {"pupils": [world.pupil.pk, classmate.pk],
                              "photos": [upload(image_bytes())], "alt_text": "Park"})
    assert added.status_code == 302
    assert added["Location"] == reverse("diary:class_day_on",
                                        args=[world.class_a.pk, DAY.isoformat()])
    assert set(Photo.objects.get().pupils.all()) == {world.pupil, classmate}


def test_a_group_photo_page_for_a_nonsense_day_is_not_found(world):
    url = reverse("diary:group_photo_add", args=[world.class_a.pk, "yesterday"])
    assert signed_in(world.class_teacher).get(url).status_code == 404
