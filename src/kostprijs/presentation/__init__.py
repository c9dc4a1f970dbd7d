"""Turning results into rows, rich tables, CSV and JSON (no arithmetic of the model here)."""
