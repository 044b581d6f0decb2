"""The public web gateway (aiohttp): chat for residents, read-only civic data, later the dashboard."""
