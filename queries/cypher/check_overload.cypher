// overload: people (not leavers) accountable for more than $limit items, named owner or
// accountable in person, or as a direct primary holder (valid on $as_of) of the owner role.
MATCH (p:Person {org: $org})
WHERE p.status <> 'leaver'
OPTIONAL MATCH (p)-[:OWNER|ACCOUNTABLE]->(named)
WITH p, collect(DISTINCT named) AS named
OPTIONAL MATCH (p)-[h:HOLDS]->(:Role)-[:OWNER|ACCOUNTABLE]->(held)
WHERE h.deputy = false AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH p, named, collect(DISTINCT held) AS held
WITH p, size(named) + size([i IN held WHERE NOT i IN named]) AS items
WHERE items > $limit
RETURN 'person:' + p.id AS person, items
