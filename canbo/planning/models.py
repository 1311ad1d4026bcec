"""The planning pool's tables."""
