// Every duty node of the organisation, with all its properties.
MATCH (n:Duty {org: $org})
RETURN properties(n) AS props
