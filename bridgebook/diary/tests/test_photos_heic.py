"""HEIC photos from iPhones: taken like any other photo, and checked like any other.

The files are real HEIC (HEVC in 512 px tiles, as iPhones write them) made by pillow-heif
itself, carrying EXIF with GPS, XMP and an ICC profile; a turned one carries both the EXIF
orientation and the irot box that an iPhone writes.
"""

import io
import struct

import pillow_heif
import pytest
from django.urls import reverse
from PIL import ExifTags, Image, ImageCms

from bridgebook.conftest import signed_in
from bridgebook.diary import actions
from bridgebook.diary.actions import do_add_photos
from bridgebook.diary.models import Entry, Photo
from bridgebook.diary.photos import (
    PhotoError,
    _open_formats,
    photo_url,
    process_upload,
)
from bridgebook.diary.tests.test_photos import DAY, gps_exif, media_files, upload
from bridgebook.people.models import PhotoConsent

RED, BLUE = (200, 0, 0), (0, 0, 200)
XMP = (b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
       b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
       b'exif:GPSLatitude="51,30.2N" exif:GPSLongitude="0,7.7W" exif:Model="XmpPhone"/>'
       b"</rdf:RDF></x:xmpmeta>")
NOT_A_PHOTO = "The file must be a photo in JPEG, PNG, WebP or HEIC format"
TOO_LARGE = "This image is too large to open safely"


# Files -----------------------------------------------------------------------------------

def heic_bytes(size=(1200, 800), *, orientation: int | None = None) -> bytes:
    """A HEIC whose stored pixels are red on the left half and blue on the right."""
    needs_hevc_encoder()
    image = Image.new("RGB", size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    # EXIF as bytes: that is what pillow-heif reads the orientation from to write irot.
    image.save(out, "HEIF", exif=gps_exif(orientation).tobytes(), xmp=XMP, icc_profile=srgb,
               tile_size=512, quality=90)
    return out.getvalue()


def needs_hevc_encoder() -> None:
    # pillow-heif's wheels bundle x265; a build without it can still read HEIC but not
    # make one for a test.
    if not pillow_heif.libheif_info()["HEIF"]:
        pytest.skip("this pillow-heif build has no HEVC encoder, so no HEIC can be made")


def heic_upload(data: bytes, name="IMG_0001.HEIC"):
    return upload(data, name=name, content_type="image/heic")


def heic_claiming(width: int, height: int) -> bytes:
    """A real 1024 px HEIC in four tiles whose header is changed to claim width × height,
    as a decompression bomb would: nothing that only reads the header can tell."""
    data = bytearray(heic_bytes((1024, 1024)))
    # The grid item's ispe box: "ispe", version and flags, then width and height.
    at = data.index(b"ispe\0\0\0\0" + struct.pack(">II", 1024, 1024)) + 8
    data[at:at + 8] = struct.pack(">II", width, height)
    # The grid itself: version, flags, rows - 1, columns - 1, then 16-bit width and height.
    at = data.index(bytes([0, 0, 1, 1]) + struct.pack(">HH", 1024, 1024)) + 4
    data[at:at + 4] = struct.pack(">HH", width, height)
    return bytes(data)


def decoded_heif_images(monkeypatch) -> list:
    """Records every HEIF image whose pixels are decoded from here on."""
    decoded = []
    load = pillow_heif.HeifImageFile.load

    def recording_load(self):
        decoded.append(self.size)
        return load(self)

    monkeypatch.setattr(pillow_heif.HeifImageFile, "load", recording_load)
    return decoded


def is_red(pixel) -> bool:
    return pixel[0] > 150 and pixel[2] < 60


def is_blue(pixel) -> bool:
    return pixel[2] > 150 and pixel[0] < 60


@pytest.fixture
def consenting(world):
    world.pupil.photo_consent = PhotoConsent.BOOK
    world.pupil.save(update_fields=["photo_consent"])
    return world.pupil


def home_entry(world) -> Entry:
    return actions.do_create_entry(pupil=world.pupil, author=world.parent,
                                   origin=Entry.Origin.HOME, date=DAY,
                                   data={"home_news": "Went to the beach."}, publish=True)


def assert_clean_jpeg(data: bytes) -> Image.Image:
    kept = Image.open(io.BytesIO(data))
    assert kept.format == "JPEG"
    assert len(kept.getexif()) == 0
    assert kept.getexif().get_ifd(ExifTags.IFD.GPSInfo) == {}
    assert not {"exif", "xmp", "icc_profile"} & set(kept.info)
    for trace in (b"Exif", b"PhoneMaker", b"XmpPhone", b"GPS", b"xmpmeta"):
        assert trace not in data, trace
    return kept


# process_upload --------------------------------------------------------------------------

def test_the_heif_reader_is_registered_at_start_up():
    assert "HEIF" in _open_formats()
    assert Image.registered_extensions()[".heic"] == "HEIF"


def test_a_heic_is_taken_and_kept_as_jpeg_without_exif_gps_or_xmp():
    original = heic_bytes()
    opened = Image.open(io.BytesIO(original))
    assert opened.format == "HEIF"
    assert opened.getexif().get_ifd(ExifTags.IFD.GPSInfo)
    assert {"exif", "xmp", "icc_profile"} <= set(opened.info)

    content, width, height = process_upload(heic_upload(original))

    data = content.read()
    kept = assert_clean_jpeg(data)
    assert (kept.width, kept.height) == (width, height) == (1200, 800)
    assert content.name == "photo.jpg"
    assert is_red(kept.getpixel((100, 400))) and is_blue(kept.getpixel((1100, 400)))


def test_a_turned_heic_comes_out_the_right_way_up_once():
    # As an iPhone held upright writes it: landscape pixels, EXIF orientation 6 and an irot
    # box saying the same. Turned once, the left (red) half of the pixels is at the top.
    original = heic_bytes((1200, 800), orientation=6)
    assert b"irot" in original
    as_written = pillow_heif.open_heif(io.BytesIO(original))  # does not reset orientation
    exif = Image.Exif()
    exif.load(as_written.info["exif"])
    assert exif[ExifTags.Base.Orientation] == 6

    content, width, height = process_upload(heic_upload(original))

    kept = assert_clean_jpeg(content.read())
    assert (width, height) == (kept.width, kept.height) == (800, 1200)
    assert is_red(kept.getpixel((400, 100))) and is_blue(kept.getpixel((400, 1100)))


def test_a_large_heic_is_at_most_1600_px_on_its_long_side():
    _content, width, height = process_upload(heic_upload(heic_bytes((2400, 1800))))
    assert (width, height) == (1600, 1200)


def test_a_10_bit_heic_is_taken():
    # iPhones' HDR photos are 10-bit HEVC; 16-bit samples are saved as 10-bit.
    needs_hevc_encoder()
    size = (64, 32)
    pixels = struct.pack("<HHH", 60000, 4000, 4000) * (size[0] * size[1])
    out = io.BytesIO()
    pillow_heif.from_bytes(mode="RGB;16", size=size, data=pixels).save(out, format="HEIF")
    assert Image.open(io.BytesIO(out.getvalue())).info["bit_depth"] == 10

    content, width, height = process_upload(heic_upload(out.getvalue()))

    kept = assert_clean_jpeg(content.read())
    assert (width, height) == size and is_red(kept.getpixel((10, 10)))


@pytest.mark.parametrize("claimed", [
    (8000, 6000),     # 48 megapixels: above our 40
    (20000, 20000),   # 400 megapixels: Pillow's own bomb check fires first
])
def test_a_heic_above_40_megapixels_is_refused_before_it_is_decoded(monkeypatch, claimed):
    bomb = heic_claiming(*claimed)
    assert len(bomb) < 10_000
    decoded = decoded_heif_images(monkeypatch)
    with pytest.raises(PhotoError, match=TOO_LARGE):
        process_upload(heic_upload(bomb))
    assert decoded == []


def test_the_decoding_spy_sees_a_heic_within_the_limit_decoded(monkeypatch):
    # So that its silence above means the bombs were never decoded.
    decoded = decoded_heif_images(monkeypatch)
    process_upload(heic_upload(heic_bytes()))
    assert (1200, 800) in decoded


def cut_short(data: bytes, keep: int) -> bytes:
    return data[:keep]


def scrambled_pixels(data: bytes) -> bytes:
    # Everything after the start of the coded pixels ("mdat") replaced with noise.
    at = data.index(b"mdat") + 4
    noise = bytes((index * 151 + 7) % 256 for index in range(len(data) - at))
    return data[:at] + noise


@pytest.mark.parametrize("broken", [
    pytest.param(lambda data: cut_short(data, 40), id="cut-after-the-file-type"),
    pytest.param(lambda data: cut_short(data, len(data) // 2), id="cut-in-half"),
    pytest.param(lambda data: cut_short(data, len(data) - 10), id="last-bytes-missing"),
    pytest.param(scrambled_pixels, id="scrambled-pixels"),
])
def test_a_broken_heic_is_refused_with_the_usual_message(broken):
    with pytest.raises(PhotoError, match=NOT_A_PHOTO):
        process_upload(heic_upload(broken(heic_bytes())))


def test_a_heic_whose_pixels_are_bigger_than_its_header_says_is_refused():
    # A one-image HEIC whose ispe box claims 70000 × 70000: pillow-heif reports the size
    # of the coded image, which passes, and libheif then refuses to decode, beyond its own
    # limit, with a RuntimeError that must not become a server error.
    needs_hevc_encoder()
    out = io.BytesIO()
    Image.new("RGB", (64, 48), RED).save(out, "HEIF")
    data = bytearray(out.getvalue())
    at = data.index(b"ispe") + 8
    data[at:at + 8] = struct.pack(">II", 70_000, 70_000)
    with pytest.raises(PhotoError, match=f"{NOT_A_PHOTO}|{TOO_LARGE}"):
        process_upload(heic_upload(bytes(data)))


def test_a_broken_heic_stops_the_upload_and_saves_nothing(world, consenting):
    entry = home_entry(world)
    files = [heic_upload(heic_bytes(), name="IMG_0001.HEIC"),
             heic_upload(heic_bytes()[:300], name="IMG_0002.HEIC")]
    with pytest.raises(PhotoError, match="IMG_0002.HEIC: The file must be a photo in JPEG, "
                                         "PNG, WebP or HEIC format. No photos were added."):
        do_add_photos(entry=entry, files=files, alt_text="Amira", uploaded_by=world.parent)
    assert not Photo.objects.exists() and media_files() == []


# The family's upload, end to end ---------------------------------------------------------

def test_a_parent_adds_an_iphone_photo_to_their_home_entry(world, consenting):
    entry = home_entry(world)
    client = signed_in(world.parent)
    response = client.post(reverse("diary:photo_add", args=[entry.pk]),
                           {"photos": [heic_upload(heic_bytes(orientation=6))],
                            "alt_text": "Amira on the beach"})
    assert response.status_code == 302

    photo = entry.photos.get()
    assert photo.image.name.endswith(f"{photo.token}.jpg")
    assert (photo.width, photo.height) == (800, 1200)
    with photo.image.open("rb") as stored:
        assert_clean_jpeg(stored.read())

    for viewer in (world.parent, world.class_teacher):
        shown = signed_in(viewer).get(photo_url(photo))
        assert shown.status_code == 200
        assert shown["Content-Type"] == "image/jpeg"
        kept = assert_clean_jpeg(b"".join(shown.streaming_content))
        assert is_red(kept.getpixel((400, 100))) and is_blue(kept.getpixel((400, 1100)))


def test_the_page_names_a_broken_heic_and_saves_nothing(world, consenting):
    entry = home_entry(world)
    response = signed_in(world.parent).post(
        reverse("diary:photo_add", args=[entry.pk]),
        {"photos": [heic_upload(heic_bytes()), heic_upload(b"\0\0\0\x18ftypheic" + b"\0" * 64,
                                                            name="IMG_0002.HEIC")],
         "alt_text": "Amira on the beach"})
    assert response.status_code == 200
    assert "IMG_0002.HEIC: The file must be a photo" in response.content.decode()
    assert not Photo.objects.exists() and media_files() == []
