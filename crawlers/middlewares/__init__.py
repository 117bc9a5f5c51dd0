"""Downloader middlewares: robots policy, access profiles, the cookie gate, Wayback fallback."""
