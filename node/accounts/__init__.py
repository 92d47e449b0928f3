"""Accounts of a node: users, sign-up, invitations, the node's own settings."""
