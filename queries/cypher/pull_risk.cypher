// Every risk node of the organisation, with all its properties.
MATCH (n:Risk {org: $org})
RETURN properties(n) AS props
