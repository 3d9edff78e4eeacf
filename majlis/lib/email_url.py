"""EMAIL_URL: where Majlis's mail goes, as one URL, read into Django's EMAIL_* settings.

    smtp://user:password@host:587    SMTP, upgraded with STARTTLS (port 587 or ?tls=1)
    smtps://user:password@host:465   SMTP over TLS from the first byte
    file:///var/mail/majlis          each message written as a file in that folder
    console://                       printed to standard output (the demo)
    locmem://                        kept in memory (the test suite)

A user or password with reserved characters is percent-encoded, as in any URL.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "smtps": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
_YES = {"1", "true", "yes", "on"}


def email_settings(url: str) -> dict:
    """Django's EMAIL_* settings for `url`; ImproperlyConfigured naming EMAIL_URL if bad."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    if scheme not in _BACKENDS:
        raise ImproperlyConfigured(
            f"EMAIL_URL must start with one of {', '.join(s + '://' for s in _BACKENDS)}; "
            f"got {url!r}"
        )
    found = {"EMAIL_BACKEND": _BACKENDS[scheme]}
    if scheme == "file":
        if not parts.path or parts.path == "/":
            raise ImproperlyConfigured("EMAIL_URL file:/// needs a folder, e.g. file:///var/mail")
        found["EMAIL_FILE_PATH"] = unquote(parts.path)
    if scheme not in ("smtp", "smtps"):
        return found
    if not parts.hostname:
        raise ImproperlyConfigured(f"EMAIL_URL {scheme}:// needs a host; got {url!r}")
    try:
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"EMAIL_URL has a bad port; got {url!r}") from None
    query = {k.lower(): v[-1].lower() for k, v in parse_qs(parts.query).items()}
    ssl = scheme == "smtps" or query.get("ssl") in _YES
    port = port or (465 if ssl else 25)
    tls = not ssl and (port == 587 or query.get("tls") in _YES)
    found.update(
        EMAIL_HOST=parts.hostname,
        EMAIL_PORT=port,
        EMAIL_HOST_USER=unquote(parts.username or ""),
        EMAIL_HOST_PASSWORD=unquote(parts.password or ""),
        EMAIL_USE_SSL=ssl,
        EMAIL_USE_TLS=tls,
    )
    return found
