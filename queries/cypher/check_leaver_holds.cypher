// leaver-holds: leavers still assigned a role (assignment not ended on $as_of), named
// owner, custodian, accountable or responsible of an item, or party to a delegation not
// ended on $as_of; one row per leaver and role, item or delegated scope.
MATCH (p:Person {org: $org})-[h:HOLDS]->(r:Role)
WHERE p.status = 'leaver' AND (h.until IS NULL OR $as_of <= h.until)
RETURN 'person:' + p.id AS person, 'role:' + r.id AS subject
UNION
MATCH (p:Person {org: $org})-[:OWNER|CUSTODIAN]->(i)
WHERE p.status = 'leaver'
RETURN 'person:' + p.id AS person, CASE WHEN i:Asset THEN 'asset:' ELSE 'risk:' END + i.id AS subject
UNION
MATCH (p:Person {org: $org})-[:ACCOUNTABLE|RESPONSIBLE]->(i:Duty)
WHERE p.status = 'leaver'
RETURN 'person:' + p.id AS person, 'duty:' + i.id AS subject
UNION
MATCH (p:Person {org: $org})-[d:DELEGATES]-()
WHERE p.status = 'leaver' AND (d.until IS NULL OR $as_of <= d.until)
RETURN 'person:' + p.id AS person, d.scope AS subject
