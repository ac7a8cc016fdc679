// authority-gap: roles with no authority level; duties whose accountable party is held
// below the duty's authority (a role's own authority, 0 if undefined; a person's: the
// highest authority among the roles they hold on $as_of, primary or deputy, direct or
// inherited, 0 if none). One row per accountable relationship, as the model lists them.
MATCH (r:Role {org: $org})
WHERE r.authority IS NULL
RETURN 'role:' + r.id AS first, null AS second
UNION ALL
MATCH (r:Role)-[:ACCOUNTABLE]->(d:Duty {org: $org})
WHERE d.authority IS NOT NULL AND coalesce(r.authority, 0) < d.authority
RETURN 'duty:' + d.id AS first, 'role:' + r.id AS second
UNION ALL
MATCH (p:Person)-[a:ACCOUNTABLE]->(d:Duty {org: $org})
WHERE d.authority IS NOT NULL
OPTIONAL MATCH (p)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(x:Role)
WHERE p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
WITH p, a, d, coalesce(max(coalesce(x.authority, 0)), 0) AS have
WHERE have < d.authority
RETURN 'duty:' + d.id AS first, 'person:' + p.id AS second
