"""Photos are stored in sRGB: a photo in a wide-gamut profile (iPhones take Display P3) is
converted before its profile is dropped, so it does not look washed out."""

import io
import struct

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from bridgebook.diary.photos import process_upload

ORANGE = (200, 100, 50)


def _s15(value: float) -> bytes:
    return struct.pack(">i", round(value * 65536))


def _tag_xyz(x: float, y: float, z: float) -> bytes:
    return b"XYZ " + bytes(4) + _s15(x) + _s15(y) + _s15(z)


def _tag_gamma(gamma: float) -> bytes:
    return b"curv" + bytes(4) + struct.pack(">IH", 1, round(gamma * 256)) + bytes(2)


def _tag_description(text: str) -> bytes:
    ascii_text = text.encode() + b"\0"
    return (b"desc" + bytes(4) + struct.pack(">I", len(ascii_text)) + ascii_text
            + struct.pack(">IIHB", 0, 0, 0, 0) + bytes(67))


def display_p3_profile() -> bytes:
    """A small ICC v2 matrix profile with Display P3's primaries (D50-adapted) and a 2.2
    gamma: enough to tell P3 from sRGB."""
    tags = [(b"desc", _tag_description("Display P3 (test)")),
            (b"wtpt", _tag_xyz(0.9642, 1.0, 0.8249)),
            (b"rXYZ", _tag_xyz(0.5151, 0.2412, -0.0011)),
            (b"gXYZ", _tag_xyz(0.2920, 0.6922, 0.0419)),
            (b"bXYZ", _tag_xyz(0.1571, 0.0666, 0.7841)),
            (b"rTRC", _tag_gamma(2.2)), (b"gTRC", _tag_gamma(2.2)), (b"bTRC", _tag_gamma(2.2))]
    start = 128 + 4 + 12 * len(tags)
    table, data = struct.pack(">I", len(tags)), b""
    for signature, body in tags:
        body += bytes(-len(body) % 4)
        table += signature + struct.pack(">II", start + len(data), len(body))
        data += body
    header = (struct.pack(">I", start + len(data)) + bytes(4) + struct.pack(">I", 0x02100000)
              + b"mntrRGB XYZ " + bytes(12) + b"acsp" + bytes(24) + bytes(4)
              + _s15(0.9642) + _s15(1.0) + _s15(0.8249))
    return header + bytes(128 - len(header)) + table + data


def _stored_colour(icc_profile: bytes | None) -> tuple[int, int, int]:
    out = io.BytesIO()
    extra = {"icc_profile": icc_profile} if icc_profile is not None else {}
    Image.new("RGB", (64, 64), ORANGE).save(out, "JPEG", quality=95, **extra)
    content, _w, _h = process_upload(SimpleUploadedFile("p.jpg", out.getvalue(),
                                                        content_type="image/jpeg"))
    stored = Image.open(io.BytesIO(content.read()))
    assert "icc_profile" not in stored.info
    return stored.getpixel((32, 32))


def _close(found, expected, within=4) -> bool:
    return all(abs(a - b) <= within for a, b in zip(found, expected, strict=True))


def test_a_display_p3_photo_is_converted_to_srgb():
    # Display P3's orange is more saturated than sRGB's same numbers: in sRGB it needs a
    # higher red and a lower blue.
    red, green, blue = _stored_colour(display_p3_profile())
    assert red >= ORANGE[0] + 10 and blue <= ORANGE[2] - 15, (red, green, blue)


def test_a_photo_without_a_profile_keeps_its_colours():
    assert _close(_stored_colour(None), ORANGE)


def test_a_profile_that_cannot_be_read_is_ignored():
    assert _close(_stored_colour(b"not a colour profile"), ORANGE)
