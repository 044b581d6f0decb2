"""Resources: what volunteers and organisations offer, and the services that list them."""
