"""RO-Crates as they are handed over: a folder with its payload, or a zip file.

A crate's metadata descriptor (``ro-crate-metadata.json``) says which files and folders the crate
holds; the crate check compares that with the payload that is really there. For a folder the
payload is every file and folder beside the descriptor; for a zip file, its members under the
descriptor's folder. Zip files are read without extracting anything: the descriptor's bytes are
read (within the size limit of any source) and the member names listed.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from fairmeta.loaders import MAX_BYTES, LoadedSource, LoadFailure, load_bytes
from fairmeta.loaders.contexts import ContextResolver

DESCRIPTORS = ("ro-crate-metadata.json", "ro-crate-metadata.jsonld")
MAX_PAYLOAD_ENTRIES = 200_000  # a crate listing more is compared only that far (said in the check's note)


def folder_payload(descriptor: Path) -> frozenset[str]:
    """Files (``data/a.csv``) and folders (``data/``) beside a crate's descriptor, relative to it."""
    root = descriptor.parent
    found: set[str] = set()
    for path, relative in payload_entries(root):
        if len(found) >= MAX_PAYLOAD_ENTRIES:
            break
        if path.parent != root or path.name not in DESCRIPTORS:
            found.add(relative)
    return frozenset(found)


def payload_entries(root: Path) -> Iterator[tuple[Path, str]]:
    """Every file and folder under a crate folder, as (path, ``relative`` or ``relative/``), sorted.

    Links to folders are followed (a crate may link a shared folder in), each real folder once, so
    a link back up the tree cannot loop.
    """
    seen: set[str] = set()
    for folder, dirs, files in os.walk(root, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs.clear()
            continue
        seen.add(real)
        dirs.sort()
        base = Path(folder)
        for name in sorted(files):
            yield base / name, (base / name).relative_to(root).as_posix()
        for name in dirs:
            yield base / name, (base / name).relative_to(root).as_posix() + "/"


def load_crate_zip(path: Path, shown: str, *, resolver: ContextResolver) -> LoadedSource:
    """The descriptor of a zipped crate, with the zip's members as its payload."""
    try:
        with zipfile.ZipFile(path) as archive:
            names = [info.filename for info in archive.infolist()]
            descriptor = _descriptor(names)
            if descriptor is None:
                return _failed(shown, "the zip file holds no ro-crate-metadata.json (at its top or in one top folder)")
            info = archive.getinfo(descriptor)
            if info.file_size > MAX_BYTES:
                return _failed(shown, f"its ro-crate-metadata.json is larger than {MAX_BYTES} bytes")
            with archive.open(info) as stream:
                data = stream.read(MAX_BYTES + 1)
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, NotImplementedError) as exc:
        return _failed(shown, f"not a readable zip file: {exc}")
    prefix = descriptor[: -len(PurePosixPath(descriptor).name)]
    base = f"{path.resolve().as_uri()}!/{descriptor}"
    loaded = load_bytes(data, shown, base=base, input_format="json-ld", resolver=resolver)
    loaded.payload = frozenset(
        name[len(prefix) :] for name in names if name.startswith(prefix) and name != descriptor and name != prefix
    )
    return loaded


def _descriptor(names: list[str]) -> str | None:
    """The descriptor member: at the top of the zip, or in its one top folder."""
    for name in DESCRIPTORS:
        if name in names:
            return name
    nested = [n for n in names if PurePosixPath(n).name in DESCRIPTORS and len(PurePosixPath(n).parts) == 2]
    return nested[0] if len(nested) == 1 else None


def _failed(shown: str, reason: str) -> LoadedSource:
    return LoadedSource(shown, "zip", failure=LoadFailure("FM-SYS-001", reason))
