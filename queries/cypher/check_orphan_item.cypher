// orphan-item: assets, risks and duties nobody is accountable for on $as_of (ISO date).
// An item is orphaned when it names no owner (duty: accountable); when no owner person
// who has not left and no direct primary holder (valid on $as_of, not a leaver) of an
// owner role is accountable; or when nobody on its accountable side can act (owner
// persons, and holders of owner roles, primary or deputy, direct or inherited, active).
MATCH (i:Asset {org: $org})
WITH i,
     COUNT { (x)-[:OWNER]->(i) } AS parties,
     EXISTS { MATCH (p:Person)-[:OWNER]->(i) WHERE p.status <> 'leaver' }
       OR EXISTS { MATCH (p:Person)-[h:HOLDS]->(:Role)-[:OWNER]->(i)
                   WHERE h.deputy = false AND p.status <> 'leaver'
                     AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until) } AS resolves,
     EXISTS { MATCH (p:Person)-[:OWNER]->(i) WHERE p.status = 'active' }
       OR EXISTS { MATCH (p:Person)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(:Role)-[:OWNER]->(i)
                   WHERE p.status = 'active' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until) } AS acting
WHERE parties = 0 OR NOT resolves OR NOT acting
RETURN 'asset:' + i.id AS subject, i.criticality AS grade, parties, resolves
UNION ALL
MATCH (i:Risk {org: $org})
WITH i,
     COUNT { (x)-[:OWNER]->(i) } AS parties,
     EXISTS { MATCH (p:Person)-[:OWNER]->(i) WHERE p.status <> 'leaver' }
       OR EXISTS { MATCH (p:Person)-[h:HOLDS]->(:Role)-[:OWNER]->(i)
                   WHERE h.deputy = false AND p.status <> 'leaver'
                     AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until) } AS resolves,
     EXISTS { MATCH (p:Person)-[:OWNER]->(i) WHERE p.status = 'active' }
       OR EXISTS { MATCH (p:Person)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(:Role)-[:OWNER]->(i)
                   WHERE p.status = 'active' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until) } AS acting
WHERE parties = 0 OR NOT resolves OR NOT acting
RETURN 'risk:' + i.id AS subject, i.level AS grade, parties, resolves
UNION ALL
MATCH (i:Duty {org: $org})
WITH i,
     COUNT { (x)-[:ACCOUNTABLE]->(i) } AS parties,
     EXISTS { MATCH (p:Person)-[:ACCOUNTABLE]->(i) WHERE p.status <> 'leaver' }
       OR EXISTS { MATCH (p:Person)-[h:HOLDS]->(:Role)-[:ACCOUNTABLE]->(i)
                   WHERE h.deputy = false AND p.status <> 'leaver'
                     AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until) } AS resolves,
     EXISTS { MATCH (p:Person)-[:ACCOUNTABLE]->(i) WHERE p.status = 'active' }
       OR EXISTS { MATCH (p:Person)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(:Role)-[:ACCOUNTABLE]->(i)
                   WHERE p.status = 'active' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until) } AS acting
WHERE parties = 0 OR NOT resolves OR NOT acting
RETURN 'duty:' + i.id AS subject, i.criticality AS grade, parties, resolves
