"""EMAIL_URL names the mail backend and its server in one value; a bad one fails loudly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from majlis.lib.email_url import email_settings

SMTP = "django.core.mail.backends.smtp.EmailBackend"


def test_smtp_with_credentials_on_the_submission_port_uses_starttls():
    found = email_settings("smtp://news%40example.org:p%3Ass@mail.example.org:587")
    assert found == {
        "EMAIL_BACKEND": SMTP,
        "EMAIL_HOST": "mail.example.org",
        "EMAIL_PORT": 587,
        "EMAIL_HOST_USER": "news@example.org",
        "EMAIL_HOST_PASSWORD": "p:ss",
        "EMAIL_USE_SSL": False,
        "EMAIL_USE_TLS": True,
    }


def test_smtp_without_a_port_is_port_25_in_the_clear_unless_asked_for_tls():
    assert email_settings("smtp://relay")["EMAIL_PORT"] == 25
    assert email_settings("smtp://relay")["EMAIL_USE_TLS"] is False
    assert email_settings("smtp://relay:2525?tls=1")["EMAIL_USE_TLS"] is True


def test_smtps_is_tls_from_the_start_on_465():
    found = email_settings("smtps://relay.example.org")
    assert (found["EMAIL_PORT"], found["EMAIL_USE_SSL"], found["EMAIL_USE_TLS"]) == (
        465,
        True,
        False,
    )


def test_file_writes_to_the_folder_named():
    assert email_settings("file:///var/spool/majlis") == {
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": "/var/spool/majlis",
    }


def test_console_and_locmem_need_nothing_else():
    assert email_settings("console://") == {
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"
    }
    assert email_settings("locmem://")["EMAIL_BACKEND"].endswith("locmem.EmailBackend")


@pytest.mark.parametrize(
    ("url", "named"),
    [
        ("imap://mail.example.org", "must start with"),
        ("mail.example.org", "must start with"),
        ("smtp://", "needs a host"),
        ("smtp://relay:port", "bad port"),
        ("file://", "needs a folder"),
    ],
)
def test_a_bad_url_names_emailurl_and_what_is_wrong(url, named):
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL") as raised:
        email_settings(url)
    assert named in str(raised.value)
