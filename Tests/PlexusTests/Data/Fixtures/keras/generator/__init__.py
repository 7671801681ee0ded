"""Writes the Keras fixtures the Plexus tests replay (see common.py and ../README.md)."""
