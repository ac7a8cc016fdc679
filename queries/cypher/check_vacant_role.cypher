// vacant-role: roles with fewer holders who can act on $as_of than min_holders (default
// 1, and 2 for a critical role). Holders: primary or deputy, direct or inherited
// (HOLDS, then INHERITS any number of times), with an assignment valid on $as_of;
// can act: status active.
MATCH (r:Role {org: $org})
OPTIONAL MATCH (p:Person)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(r)
WHERE p.status = 'active' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH r, count(DISTINCT p) AS acting
WITH r, acting, coalesce(r.min_holders, CASE WHEN r.critical THEN 2 ELSE 1 END) AS need
WHERE acting < need
RETURN 'role:' + r.id AS subject, r.critical AS critical, acting, need
