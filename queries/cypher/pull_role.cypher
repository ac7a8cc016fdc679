// Every role node of the organisation, with all its properties.
MATCH (n:Role {org: $org})
RETURN properties(n) AS props
