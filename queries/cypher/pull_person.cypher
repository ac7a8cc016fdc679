// Every person node of the organisation, with all its properties.
MATCH (n:Person {org: $org})
RETURN properties(n) AS props
