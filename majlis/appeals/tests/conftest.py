from majlis.notices.tests.conftest import committed, outbox, second_moderator  # noqa: F401
