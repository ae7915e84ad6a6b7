"""The school's domain: entities, rules, services and the ports they need. Pure Python."""
