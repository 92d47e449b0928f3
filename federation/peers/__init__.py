"""The other side: fetching, remote actors, this node's keys, signers, handles,
authorized fetch, origin checks, follow caps and domain blocks.

Every exchange passes federation.policy; nothing here knows activities' meaning.
"""
