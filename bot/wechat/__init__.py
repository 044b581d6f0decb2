"""The WeChat Official Account channel's core: replies as text, numbered choices, retries."""
