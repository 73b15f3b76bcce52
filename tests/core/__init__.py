"""Unit tests for the pure core package (no Home Assistant instance needed)."""
