// multiple-accountable: items naming more than one accountable party, or whose owner
// role has several direct primary holders on $as_of (deputies and inherited holders do
// not count); crowded = those roles.
MATCH (i:Asset {org: $org})
OPTIONAL MATCH (x)-[:OWNER]->(i)
WITH i, count(DISTINCT x) AS parties
OPTIONAL MATCH (r:Role)-[:OWNER]->(i)
OPTIONAL MATCH (p:Person)-[h:HOLDS]->(r)
WHERE h.deputy = false AND p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH i, parties, r, count(DISTINCT p) AS primaries
WITH i, parties, collect(DISTINCT CASE WHEN primaries > 1 THEN 'role:' + r.id END) AS crowded
WHERE parties > 1 OR size(crowded) > 0
RETURN 'asset:' + i.id AS item, parties, crowded
UNION ALL
MATCH (i:Risk {org: $org})
OPTIONAL MATCH (x)-[:OWNER]->(i)
WITH i, count(DISTINCT x) AS parties
OPTIONAL MATCH (r:Role)-[:OWNER]->(i)
OPTIONAL MATCH (p:Person)-[h:HOLDS]->(r)
WHERE h.deputy = false AND p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH i, parties, r, count(DISTINCT p) AS primaries
WITH i, parties, collect(DISTINCT CASE WHEN primaries > 1 THEN 'role:' + r.id END) AS crowded
WHERE parties > 1 OR size(crowded) > 0
RETURN 'risk:' + i.id AS item, parties, crowded
UNION ALL
MATCH (i:Duty {org: $org})
OPTIONAL MATCH (x)-[:ACCOUNTABLE]->(i)
WITH i, count(DISTINCT x) AS parties
OPTIONAL MATCH (r:Role)-[:ACCOUNTABLE]->(i)
OPTIONAL MATCH (p:Person)-[h:HOLDS]->(r)
WHERE h.deputy = false AND p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH i, parties, r, count(DISTINCT p) AS primaries
WITH i, parties, collect(DISTINCT CASE WHEN primaries > 1 THEN 'role:' + r.id END) AS crowded
WHERE parties > 1 OR size(crowded) > 0
RETURN 'duty:' + i.id AS item, parties, crowded
