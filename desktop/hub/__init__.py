"""Talking to the moving hub: the HTTP client, and a simulator of the hub for demos and tests."""
