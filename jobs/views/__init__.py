"""Pages of the jobs app, one module per subject."""
