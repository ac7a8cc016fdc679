// Relationships the model no longer has, found from their risk end (by element id).
UNWIND $rows AS r
MATCH (a:Risk) WHERE a.org = $org AND a.id = r.source
MATCH (a)-[e]->()
WHERE elementId(e) = r.element_id
DELETE e
RETURN count(*) AS deleted
