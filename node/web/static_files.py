"""WhiteNoise serving collected (compressed) static files first, the apps' files otherwise.

`tremplin collectstatic` writes a .gz beside each CSS and JS file in STATIC_ROOT
(whitenoise's CompressedStaticFilesStorage), which WhiteNoise sends to browsers that
accept gzip. WhiteNoise's own finders option would replace those collected files by the
apps' uncompressed ones; here the finders only fill in what was not collected, so a node
started without collectstatic (the tests, a fresh checkout) still has its CSS.
"""

from __future__ import annotations

import os

from django.contrib.staticfiles import finders
from whitenoise.middleware import WhiteNoiseMiddleware


class CollectedFirstWhiteNoiseMiddleware(WhiteNoiseMiddleware):
    def add_files_from_finders(self) -> None:
        files: dict[str, str] = {}
        for finder in finders.get_finders():
            for path, storage in finder.list(None):
                prefix = (getattr(storage, "prefix", None) or "").strip("/")
                url = f"{self.static_prefix}{prefix}{'/' if prefix else ''}{path}"
                url = url.replace("\\", "/")
                if url not in self.files:
                    files.setdefault(url, storage.path(path))
        stat_cache = {path: os.stat(path) for path in files.values()}
        for url, path in files.items():
            self.add_file_to_dictionary(url, path, stat_cache=stat_cache)
