#!/usr/bin/env python3
"""Packs a folder into a zip or tar.gz that is byte-identical for the same
files: entries in name order under the folder's name, one fixed time, no owner.

    archive.py zip|tar.gz FOLDER UNIX_TIME ARCHIVE
"""

import gzip
import io
import os
import sys
import tarfile
import time
import zipfile


def files(folder):
    """(path inside the archive, path on disk, executable?) in name order."""
    base = os.path.basename(os.path.normpath(folder))
    found = []
    for parent, dirs, names in os.walk(folder):
        dirs.sort()
        for name in sorted(names):
            path = os.path.join(parent, name)
            inside = os.path.join(base, os.path.relpath(path, folder)).replace(os.sep, "/")
            found.append((inside, path, os.access(path, os.X_OK)))
    return sorted(found)


def write_zip(folder, stamp, archive):
    # Zip times are local calendar times with 2-second steps, from 1980 on.
    date_time = time.gmtime(max(stamp, 315532800))[:6]
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as out:
        for inside, path, executable in files(folder):
            info = zipfile.ZipInfo(inside, date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = (0o755 if executable else 0o644) << 16
            with open(path, "rb") as data:
                out.writestr(info, data.read())


def write_tar_gz(folder, stamp, archive):
    packed = io.BytesIO()
    with tarfile.open(fileobj=packed, mode="w", format=tarfile.PAX_FORMAT) as out:
        for inside, path, executable in files(folder):
            info = tarfile.TarInfo(inside)
            info.size = os.path.getsize(path)
            info.mtime = stamp
            info.mode = 0o755 if executable else 0o644
            info.uid = info.gid = 0
            info.uname = info.gname = ""
            with open(path, "rb") as data:
                out.addfile(info, data)
    # gzip writes the time and file name into its header unless told not to.
    with open(archive, "wb") as raw:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=stamp, compresslevel=9) as out:
            out.write(packed.getvalue())


def main():
    kind, folder, stamp, archive = sys.argv[1:]
    {"zip": write_zip, "tar.gz": write_tar_gz}[kind](folder, int(stamp), archive)


if __name__ == "__main__":
    main()
