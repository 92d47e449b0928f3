"""Recruiters contacting young people, and young people applying to offers."""
