#!/usr/bin/python3
"""A FUSE filesystem whose reads never return: the hung mount of the hardening tests.

Usage: hungfs.py MOUNTPOINT MODE    (MODE: read, the file's read blocks; stat, its getattr blocks)
It holds one file, cert.pem. Runs in the foreground until unmounted (fusermount3 -u) or killed.
"""
import errno
import stat
import sys
import threading
import time

try:
    from fuse import FUSE, FuseOSError, Operations  # fusepy from PyPI
except ImportError:
    from fusepy import FUSE, FuseOSError, Operations  # Debian's python3-fusepy

CONTENT = b"-----BEGIN CERTIFICATE-----\nnever returned\n-----END CERTIFICATE-----\n"


class HungFS(Operations):
    def __init__(self, mode):
        self.mode = mode
        self.forever = threading.Event()

    def getattr(self, path, fh=None):
        now = time.time()
        if path == "/":
            return dict(st_mode=stat.S_IFDIR | 0o755, st_nlink=2, st_ctime=now, st_mtime=now, st_atime=now)
        if path == "/cert.pem":
            if self.mode == "stat":
                self.forever.wait()
            return dict(st_mode=stat.S_IFREG | 0o444, st_nlink=1, st_size=len(CONTENT), st_ctime=now, st_mtime=now, st_atime=now)
        raise FuseOSError(errno.ENOENT)

    def readdir(self, path, fh):
        return [".", "..", "cert.pem"]

    def open(self, path, flags):
        return 0

    def read(self, path, size, offset, fh):
        self.forever.wait()
        return b""


if __name__ == "__main__":
    FUSE(HungFS(sys.argv[2]), sys.argv[1], foreground=True, nothreads=False, ro=True, direct_io=True)
