"""HTTP calls to the server under test; the server's address changes at every restart."""

import json
import threading
import urllib.error
import urllib.request


class Api:
    """Calls `steward serve` with a bearer token. `url` is replaced when the server restarts;
    a call while it is down fails fast with status None."""

    def __init__(self, token):
        self.token = token
        self._url = None
        self._lock = threading.Lock()

    @property
    def url(self):
        with self._lock:
            return self._url

    @url.setter
    def url(self, value):
        with self._lock:
            self._url = value

    def call(self, method, path, body=None, timeout=5.0):
        """Returns (status, parsed JSON or None); status None when no HTTP answer came back (the
        server was down, killed mid-request, or too slow): the outcome is then unknown."""
        base = self.url
        if base is None:
            return None, None
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(base + path, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        if data is not None:
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as reply:
                return reply.status, _parse(reply.read())
        except urllib.error.HTTPError as error:
            return error.code, _parse(error.read())
        except (OSError, ValueError):  # refused, reset, timed out, a torn reply
            return None, None


def _parse(raw):
    try:
        return json.loads(raw) if raw else None
    except ValueError:
        return None


def plain_get(url, timeout=5.0):
    """GET without credentials (the fake Livy); (status, JSON) or (None, None)."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as reply:
            return reply.status, _parse(reply.read())
    except urllib.error.HTTPError as error:
        return error.code, None
    except (OSError, ValueError):
        return None, None
