"""Pages of organisations and offers."""
