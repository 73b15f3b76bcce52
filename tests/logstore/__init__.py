"""Tests for the Access Log table (custom_components.gem_access.logstore)."""
