"""The site's shell: base layout, home and about pages."""
