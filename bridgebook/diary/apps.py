from django.apps import AppConfig


class DiaryConfig(AppConfig):
    name = "bridgebook.diary"
    label = "diary"
    verbose_name = "Home-school book"

    def ready(self) -> None:
        import pillow_heif

        # HEIC photos from iPhones: pillow-heif (whose wheels bundle libheif) becomes
        # Pillow's HEIF reader, once, so photos.py accepts "HEIF" like any other format.
        # Only the primary image's pixels are kept, so depth maps and auxiliary images
        # (portrait mode, HDR gain maps) are not even listed.
        pillow_heif.register_heif_opener(depth_images=False, aux_images=False)
