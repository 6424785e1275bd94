"""Photos for the home-school book: checked, cleaned, stored privately, shown by consent.

Every upload is opened by Pillow whatever its name says, refused when it is not a photo in
a format we take (JPEG, PNG, WebP, and HEIC from iPhones, read by pillow-heif, which the
diary app registers at start-up), when it is bigger than 15 MB, or when it would decode to
more than 40 megapixels (a decompression bomb). What is kept is a new JPEG of at most
1600 px on the long side, turned the right way up, with no EXIF, GPS, XMP or ICC data:
nothing from the original file but its pixels.

A photo belongs to an entry (tagged with that entry's pupil) or to a class day (a group
photo tagged with several pupils). It is shown, through ``diary:photo`` only and never
from ``MEDIA_URL``, to someone who may see at least one tagged pupil whose photo consent
allows photos in the book (``access.access_photo``).

Everything here checks and cleans; nothing is written. ``actions.do_add_photos`` stores
what ``prepare_photos`` has checked.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

from bridgebook.diary.access import can_show_photos
from bridgebook.diary.models import Entry, Photo

MAX_BYTES = 15 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 1600
MAX_FILES = 10
JPEG_QUALITY = 85
# Pillow's names for the formats we take. "MPO" is how Pillow names the JPEGs many phones
# write (a main image plus previews). "HEIF" is pillow-heif's reader (see apps.py); it turns
# a HEIC the right way up itself, from the file's irot/imir boxes, and sets the EXIF
# orientation it hands Pillow to 1, so exif_transpose below does not turn it a second time.
ACCEPTED_FORMATS = ("JPEG", "MPO", "PNG", "WEBP", "HEIF")


class PhotoError(ValueError):
    """A photo, or a set of photos, that cannot be added; the message says why and
    ``field`` which part of a form it is about ("photos", "alt_text" or "pupils")."""

    def __init__(self, message: str, *, field: str = "photos"):
        super().__init__(message)
        self.message = message
        self.field = field


# Checking and cleaning one file ----------------------------------------------------------

def process_upload(uploaded_file) -> tuple[ContentFile, int, int]:
    """A clean JPEG of the upload and its width and height, or PhotoError saying why not."""
    size = getattr(uploaded_file, "size", None) or 0
    if size > MAX_BYTES:
        raise PhotoError(_("The photo must be smaller than 15 MB"))
    data = _read(uploaded_file)
    if len(data) > MAX_BYTES:
        raise PhotoError(_("The photo must be smaller than 15 MB"))
    if not data:
        raise PhotoError(_("The file is empty"))
    try:
        # Our own limit (MAX_PIXELS) is read from the header before anything is decoded and
        # is below Pillow's, so Pillow's warning never matters; its error (at twice its
        # limit) is raised while opening, before our check, and is a refusal too.
        _verify(data)
        image = _open(data)
        profile = image.info.get("icc_profile")
        image = ImageOps.exif_transpose(image)
        clean = _in_srgb(_flatten(image), profile)
    except PhotoError:
        raise
    except Image.DecompressionBombError:
        raise PhotoError(_("This image is too large to open safely")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise PhotoError(_("The file must be a photo in JPEG, PNG, WebP or HEIC format")
                         ) from None
    out = io.BytesIO()
    # A new image has an empty info dict, so no EXIF, GPS, XMP or ICC data is written.
    clean.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return ContentFile(out.getvalue(), name="photo.jpg"), clean.width, clean.height


def _read(uploaded_file) -> bytes:
    uploaded_file.seek(0)
    data = uploaded_file.read(MAX_BYTES + 1)
    uploaded_file.seek(0)
    return data


def _check_header(image) -> None:
    if image.format not in ACCEPTED_FORMATS:
        raise PhotoError(_("The file must be a photo in JPEG, PNG, WebP or HEIC format"))
    if image.width * image.height > MAX_PIXELS:
        raise PhotoError(_("This image is too large to open safely"))


def _open_formats() -> tuple[str, ...]:
    """The readers Pillow may try, so no other format's parser ever sees an upload (the
    JPEG reader also reads MPO; HEIF once pillow-heif has registered, at start-up)."""
    Image.init()
    return tuple(name for name in ACCEPTED_FORMATS if name in Image.OPEN)


def _verify(data: bytes) -> None:
    # verify() checks the file's structure without decoding it; the image object cannot
    # be used afterwards, so the file is opened again to decode it.
    with Image.open(io.BytesIO(data), formats=_open_formats()) as image:
        _check_header(image)
        image.verify()


def _open(data: bytes):
    image = Image.open(io.BytesIO(data), formats=_open_formats())
    _check_header(image)
    # For JPEG, decode at a reduced scale straight away when the photo is much larger than
    # what we keep; for HEIC, decode an embedded preview instead if one is at least that
    # big (iPhones' are far smaller); a no-op for other formats.
    image.draft("RGB", (MAX_SIDE, MAX_SIDE))
    try:
        image.load()
    except RuntimeError:
        # pillow-heif reports what libheif refuses while decoding as RuntimeError where
        # Pillow's readers raise OSError: a limit of libheif's own met by a file whose
        # coded image is bigger than its header said, for one. A broken file all the same.
        if image.format != "HEIF":
            raise
        raise PhotoError(_("The file must be a photo in JPEG, PNG, WebP or HEIC format")
                         ) from None
    return image


def _in_srgb(image: Image.Image, profile: bytes | None) -> Image.Image:
    """The (already resized, RGB) pixels converted from the photo's RGB colour profile into
    sRGB, which the stored JPEG is read as once its profile is gone (iPhones take photos in
    Display P3: kept as they were, they look washed out). A photo without a profile is
    taken to be sRGB; a profile that is not RGB, or cannot be read or applied, leaves the
    pixels as they are."""
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        if source.profile.xcolor_space.strip() != "RGB":
            return image
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode="RGB",
                                         renderingIntent=ImageCms.Intent.PERCEPTUAL)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


_SRGB = ImageCms.createProfile("sRGB")


def _flatten(image) -> Image.Image:
    """The pixels alone: RGB on white, at most MAX_SIDE on the long side, in a new image."""
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P"
                                               and "transparency" in image.info):
        image = image.convert("RGBA")
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    clean = Image.new("RGB", image.size, "white")
    if image.mode == "RGBA":
        clean.paste(image, mask=image.getchannel("A"))
    else:
        clean.paste(image)
    return clean


# Adding photos ---------------------------------------------------------------------------

@dataclass
class PreparedPhotos:
    """An upload that has passed every check: the clean JPEGs (with their width and
    height), what they show, and who is tagged in them."""

    files: list[tuple[ContentFile, int, int]]
    alt_text: str
    pupils: list


def prepare_photos(*, entry: Entry | None, school_class, files: Sequence, alt_text: str,
                   pupils: Iterable = ()) -> PreparedPhotos:
    """Check and clean several photos for an entry, or a group photo for a class, before
    anything is stored; PhotoError says what stops the whole upload.

    An entry's photos are tagged with its pupil (and any other pupils given); a group
    photo is tagged with the pupils given, who must be in the class. Any tagged pupil whose
    consent does not allow photos stops the whole upload, naming them. Any bad file stops
    the whole upload, naming the file.
    """
    alt_text = (alt_text or "").strip()
    if not alt_text:
        raise PhotoError(_("Describe what the photo shows"), field="alt_text")
    files = list(files)
    if not files:
        raise PhotoError(_("Choose a photo"))
    if len(files) > MAX_FILES:
        raise PhotoError(_("Add at most %(count)s photos at a time") % {"count": MAX_FILES})

    tagged = _tagged_pupils(entry=entry, school_class=school_class, pupils=pupils)
    refused = [pupil for pupil in tagged if not can_show_photos(pupil)]
    if refused:
        raise PhotoError(_refusal(refused, own_entry=entry is not None), field="pupils")

    cleaned = []
    for upload in files:
        name = getattr(upload, "name", "") or _("the file")
        try:
            cleaned.append(process_upload(upload))
        except PhotoError as error:
            raise PhotoError(_("%(name)s: %(problem)s. No photos were added.")
                             % {"name": name, "problem": error.message}) from None
    return PreparedPhotos(files=cleaned, alt_text=alt_text[:300], pupils=tagged)


def _tagged_pupils(*, entry, school_class, pupils) -> list:
    chosen = list(pupils)
    if entry is not None:
        tagged = [entry.pupil] + [p for p in chosen if p.pk != entry.pupil_id]
        others = [p for p in tagged if p.school_id != entry.pupil.school_id]
        if others:
            raise PhotoError(_("Only pupils of the same school can be tagged"), field="pupils")
        return tagged
    if not chosen:
        raise PhotoError(_("Choose who is in the photo"), field="pupils")
    outside = [p for p in chosen if p.school_class_id != school_class.pk]
    if outside:
        raise PhotoError(_("%(names)s not in %(class)s") % {
            "names": _names(outside) + " " + ngettext("is", "are", len(outside)),
            "class": school_class.name}, field="pupils")
    return chosen


def _names(pupils) -> str:
    names = [pupil.display_name for pupil in pupils]
    if len(names) == 1:
        return names[0]
    return _("%(names)s and %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}


def _refusal(pupils, *, own_entry: bool) -> str:
    if own_entry and len(pupils) == 1:
        return _("There is no photo consent for %(name)s, so photos cannot be added to their "
                 "book") % {"name": pupils[0].display_name}
    return ngettext(
        "There is no photo consent for %(names)s: untag them or take another photo. "
        "No photos were added.",
        "There is no photo consent for %(names)s: untag them or take another photo. "
        "No photos were added.",
        len(pupils)) % {"names": _names(pupils)}


# Showing photos --------------------------------------------------------------------------

def photo_url(photo: Photo) -> str:
    """The only address a photo is shown at (never MEDIA_URL)."""
    return reverse("diary:photo", args=[photo.token])


def book_photos_for(pupil, *, date_from, date_to) -> QuerySet[Photo]:
    """Photos that may appear in one pupil's book between two dates (none without consent).

    Entry photos are those of the pupil's entries; group and event photos are those the
    pupil is tagged in.
    """
    if not can_show_photos(pupil):
        return Photo.objects.none()
    return Photo.objects.filter(pupils=pupil, date__gte=date_from, date__lte=date_to)
