"""Static files in production: compressed, with hashed names, and the imports between the
JavaScript modules rewritten to those hashed names (so a browser keeping one module for a
year never pairs it with another module's older version)."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    support_js_module_import_aggregation = True
