// One organisation node with its properties (name, declared, policy).
MATCH (o:Organisation {id: $org})
RETURN properties(o) AS props
