"""Tests for GEM Access."""
