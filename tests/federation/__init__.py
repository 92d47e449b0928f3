"""Tests of the federation app."""
