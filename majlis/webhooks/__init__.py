"""Webhooks: newsroom systems told by HTTP POST when a comment is stored or decided."""
