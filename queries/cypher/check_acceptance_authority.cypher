// acceptance-authority: risks treated by acceptance (and owned) that nobody accepted, or
// whose acceptor's authority on $as_of is below $needed[level] (the policy's
// acceptance_authority, passed in as a map).
MATCH (k:Risk {org: $org})
WHERE k.treatment = 'accept' AND EXISTS { MATCH (o)-[:OWNER]->(k) }
OPTIONAL MATCH (p:Person)-[:ACCEPTED]->(k)
OPTIONAL MATCH (p)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(x:Role)
WHERE p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH k, p, coalesce(max(coalesce(x.authority, 0)), 0) AS have
WITH k, p, have, $needed[k.level] AS need
WHERE p IS NULL OR have < need
RETURN 'risk:' + k.id AS risk, CASE WHEN p IS NULL THEN null ELSE 'person:' + p.id END AS acceptor,
       have, need
