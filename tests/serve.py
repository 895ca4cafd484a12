"""A static file server that behaves like GitHub Pages, where the deploy workflow publishes:
gzip for text, `Cache-Control: max-age=600` with an ETag (304 when unchanged), and /404.html
(status 404) for missing paths.

Used by the browser tests and by `make audit`. Run alone: python tests/serve.py SITE [PORT]
"""

from __future__ import annotations

import contextlib
import gzip
import sys
import threading
from collections.abc import Iterator
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")


@cache
def _gzipped(path: Path, mtime: float) -> bytes:
    return gzip.compress(path.read_bytes(), compresslevel=9, mtime=0)


class Handler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # quiet: tests read their own output
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?")[0].endswith("/"):
                return super().send_head()  # the redirect to the trailing slash
            path = path / "index.html"
        status = 200
        if not path.is_file():
            status, path = 404, Path(self.directory) / "404.html"
        stat = path.stat()
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}"'
        if status == 200 and self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.send_header("Cache-Control", "max-age=600")
            self.end_headers()
            return None
        body = path.read_bytes()
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        compress = gzip_ok and path.suffix in COMPRESSIBLE
        if compress:
            body = _gzipped(path, path.stat().st_mtime)
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Length", str(len(body)))
        if compress:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("ETag", etag)
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: a file-like object that copyfile() reads."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser that closes a page while a file is still on its way is not the site's
        # error: keep the test output quiet. Anything else is printed as usual.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serving(site_dir: Path, port: int = 0) -> Iterator[str]:
    """Serve `site_dir` on localhost (a free port by default); yield the base URL."""
    handler = partial(Handler, directory=str(site_dir))
    server = _Server(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    site = Path(sys.argv[1] if len(sys.argv) > 1 else "site")
    with serving(site, int(sys.argv[2]) if len(sys.argv) > 2 else 8000) as url:
        print(f"serving {site} on {url} (Ctrl-C to stop)")
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()
