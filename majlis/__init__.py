"""Majlis: a self-hosted commenting and moderation platform for news sites."""

__version__ = "0.1.0"
