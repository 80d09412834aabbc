"""The served reader: its guard, its aiohttp app, its page."""
