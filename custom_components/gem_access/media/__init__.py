"""Snapshots and other media that arrive from outside: validation first, capture and serving later."""
