// sod-conflict, the database's part: who holds each SoD member in $members on $as_of
// (the caller counts them against each rule's max). A role member is held by its
// holders (primary or deputy, directly or by inheritance; leavers hold nothing); a duty
// member by the people responsible for it: holders of a responsible role, people named
// responsible, and recipients of a delegation of it in force (a person, or the holders
// of a role). One row per member and person.
UNWIND $members AS m
WITH m WHERE m STARTS WITH 'role:'
MATCH (r:Role) WHERE r.org = $org AND r.id = substring(m, 5)
MATCH (p:Person)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(r)
WHERE p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
RETURN m AS member, p.id AS person
UNION
UNWIND $members AS m
WITH m WHERE m STARTS WITH 'duty:'
MATCH (i:Duty) WHERE i.org = $org AND i.id = substring(m, 5)
MATCH (p:Person)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(:Role)-[:RESPONSIBLE]->(i)
WHERE p.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
RETURN m AS member, p.id AS person
UNION
UNWIND $members AS m
WITH m WHERE m STARTS WITH 'duty:'
MATCH (i:Duty) WHERE i.org = $org AND i.id = substring(m, 5)
MATCH (p:Person)-[:RESPONSIBLE]->(i)
WHERE p.status <> 'leaver'
RETURN m AS member, p.id AS person
UNION
UNWIND $members AS m
WITH m WHERE m STARTS WITH 'duty:'
MATCH (p:Person {org: $org})<-[d:DELEGATES]-()
WHERE d.scope = m AND p.status <> 'leaver'
  AND (d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
RETURN m AS member, p.id AS person
UNION
UNWIND $members AS m
WITH m WHERE m STARTS WITH 'duty:'
MATCH (p:Person {org: $org})-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(:Role)<-[d:DELEGATES]-()
WHERE d.scope = m AND p.status <> 'leaver'
  AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
  AND (d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
RETURN m AS member, p.id AS person
