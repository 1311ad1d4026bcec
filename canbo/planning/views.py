"""The planning pool's pages."""
