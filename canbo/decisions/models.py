"""The decisions app's tables."""
