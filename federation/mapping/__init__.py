"""Each domain's ActivityStreams mapping, side by side: profiles and experiences
(serializers, parsing), organisations (organisation_actor), jobs (offer_documents,
offer_parsing).

Documents in, domain values out, and back; no delivery, no inbox.
"""
