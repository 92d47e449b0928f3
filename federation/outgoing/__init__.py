"""What goes out: domain events become activities (outbox, offer_outbox,
contact_federation, node_follows), activities become deliveries (delivery, reach).

Never imports incoming.
"""
