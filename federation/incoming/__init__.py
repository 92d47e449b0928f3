"""What comes in: received activities to their handlers (inbox_processing and
the handlers registered with it at AppConfig.ready()).

A handler may answer (Accept, Reject, Move, Delete, Flag) through outgoing.
"""
