"""Matching needs with the resources that can serve them."""
