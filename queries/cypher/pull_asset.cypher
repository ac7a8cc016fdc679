// Every asset node of the organisation, with all its properties.
MATCH (n:Asset {org: $org})
RETURN properties(n) AS props
