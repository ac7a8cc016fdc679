// Role nodes of the organisation that the model no longer has, with their relationships.
UNWIND $ids AS id
MATCH (n:Role) WHERE n.org = $org AND n.id = id
DETACH DELETE n
RETURN count(*) AS deleted
