"""Voice answers: checked before anything is stored, kept privately, served only by a view.

A family member with literacy needs may answer by speaking instead of writing: recorded
in the browser (MediaRecorder: WebM or Ogg Opus in Chrome, Firefox and Android, MP4/AAC
in Safari) or chosen as a file from the phone's recorder. Whatever the file's name or the
type the browser claims, its first bytes must be those of an audio container a browser
plays (WebM/Matroska, Ogg, MP4/M4A/3GP, MP3, WAV, AAC); it is stored under a random name
and served with the type those bytes say, so nothing else is ever stored or served. No
transcription: staff listen to it.

Everything here checks; nothing is written (``actions.do_save_answer`` stores it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils.translation import gettext as _

MAX_BYTES = 10 * 1024 * 1024
MAX_MEGABYTES = MAX_BYTES // (1024 * 1024)
# What the browser may say the file is: audio, the video containers recorders use for
# sound (WebM, MP4, 3GP), or nothing in particular. The bytes decide the rest.
CLAIMED_PREFIXES = ("audio/", "video/webm", "video/mp4", "video/3gpp", "video/ogg")
CLAIMED_GENERIC = ("", "application/octet-stream")


class RecordingError(ValueError):
    """A file that cannot be kept as a voice answer; the message says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class CheckedRecording:
    content: ContentFile
    content_type: str
    extension: str
    size: int


AUDIO_MP4_BRANDS = frozenset({b"M4A ", b"M4B ", b"mp41", b"mp42", b"isom", b"iso2", b"iso5",
                              b"iso6", b"dash"})


def sniff(data: bytes) -> tuple[str, str] | None:
    """(content type, extension) of an audio container from its first bytes, or None."""
    if data.startswith(b"\x1a\x45\xdf\xa3"):
        return "audio/webm", "webm"
    if data.startswith(b"OggS"):
        return "audio/ogg", "ogg"
    if data[4:8] == b"ftyp":
        # An MPEG-4 file's major brand says what it holds: 3GP and M4A are a phone's voice
        # recordings, and Chrome's and Safari's recorders write mp42 or isom. Others (a
        # HEIC photo, a QuickTime film) are not sound recordings.
        brand = data[8:12]
        if brand.startswith(b"3g"):
            return "audio/3gpp", "3gp"
        if brand in AUDIO_MP4_BRANDS:
            return "audio/mp4", "m4a"
        return None
    if data.startswith(b"RIFF") and data[8:12] == b"WAVE":
        return "audio/wav", "wav"
    if data.startswith(b"ID3"):
        return "audio/mpeg", "mp3"
    if len(data) >= 2 and data[0] == 0xFF:
        if data[1] in (0xF1, 0xF9):
            return "audio/aac", "aac"
        if data[1] & 0xE0 == 0xE0:
            return "audio/mpeg", "mp3"
    return None


def check_recording(upload) -> CheckedRecording:
    """The upload as a recording to keep, or RecordingError saying why not."""
    size = getattr(upload, "size", None) or 0
    if size > MAX_BYTES:
        raise RecordingError(_too_big())
    claimed = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    if claimed not in CLAIMED_GENERIC and not claimed.startswith(CLAIMED_PREFIXES):
        raise RecordingError(_not_audio())
    upload.seek(0)
    data = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(data) > MAX_BYTES:
        raise RecordingError(_too_big())
    if not data:
        raise RecordingError(_("The recording is empty. Record your answer again."))
    found = sniff(data[:16])
    if found is None:
        raise RecordingError(_not_audio())
    content_type, extension = found
    return CheckedRecording(content=ContentFile(data, name=f"answer.{extension}"),
                            content_type=content_type, extension=extension, size=len(data))


def _too_big() -> str:
    return _("The recording must be smaller than %(size)s MB. Record a shorter answer, or "
             "say it in two parts.") % {"size": MAX_MEGABYTES}


def _not_audio() -> str:
    return _("The file must be a sound recording (for example from your phone’s voice "
             "recorder).")


def recording_url(recording) -> str:
    """The only address a recording is played from (never MEDIA_URL)."""
    return reverse("questionnaires:recording", args=[recording.token])
