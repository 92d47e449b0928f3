"""The Django project of a Tremplin node: settings, accounts, the site's pages."""
