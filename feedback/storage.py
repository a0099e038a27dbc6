"""Attachments live outside MEDIA_ROOT: citizens' files are personal data, served only through the
admin view that checks the permission policy."""

import os
import secrets

from django.core.files.storage import FileSystemStorage
from django.utils import timezone

from feedback import conf


class PrivateStorage(FileSystemStorage):
    """FEEDBACK_PRIVATE_ROOT read on each use (tests and deployments may change it)."""

    @property
    def base_location(self):
        return str(conf.private_root())

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Feedback attachments have no public URL")


_storage = PrivateStorage()


def private_storage() -> FileSystemStorage:
    return _storage


def attachment_path(instance, filename: str) -> str:
    # A random name: the citizen's file name is kept in `original_name`, never on disk.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"
