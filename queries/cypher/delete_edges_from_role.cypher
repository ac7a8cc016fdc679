// Relationships the model no longer has, found from their role end (by element id).
UNWIND $rows AS r
MATCH (a:Role {org: $org, id: r.source})-[e]->()
WHERE elementId(e) = r.element_id
DELETE e
RETURN count(*) AS deleted
