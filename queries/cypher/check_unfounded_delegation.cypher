// unfounded-delegation: delegations in force on $as_of whose `from` does not have the
// scope, or whose scope may not be delegated. `from` has the scope when the scope names
// it (owner, accountable, responsible, custodian), when it receives a delegation of the
// scope in force, or when it is a role that is or inherits (transitively) such a named or
// receiving role, or a person (not a leaver) who holds one, primary or deputy, directly
// or by inheritance, on $as_of. locked: the item's owner, accountable, responsible or
// custodian roles with delegable = false. One row per delegation found.
CALL {
  MATCH (a:Person {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
  UNION ALL
  MATCH (a:Role {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
}
WITH a, d, b
WHERE (d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
OPTIONAL MATCH (i0:Duty) WHERE d.scope STARTS WITH 'duty:' AND i0.org = $org AND i0.id = substring(d.scope, 5)
OPTIONAL MATCH (i1:Asset) WHERE d.scope STARTS WITH 'asset:' AND i1.org = $org AND i1.id = substring(d.scope, 6)
OPTIONAL MATCH (i2:Risk) WHERE d.scope STARTS WITH 'risk:' AND i2.org = $org AND i2.id = substring(d.scope, 5)
WITH a, d, b, coalesce(i0, i1, i2) AS i
WHERE i IS NOT NULL
OPTIONAL MATCH (x:Role)-[:OWNER|ACCOUNTABLE|RESPONSIBLE|CUSTODIAN]->(i)
WHERE x.delegable = false
WITH a, d, b, i, collect(DISTINCT 'role:' + x.id) AS locked
WITH a, d, b, locked,
     EXISTS { MATCH (a)-[:OWNER|ACCOUNTABLE|RESPONSIBLE|CUSTODIAN]->(i) }
     OR EXISTS { MATCH ()-[e:DELEGATES]->(a)
                 WHERE e.scope = d.scope AND (e.from_date IS NULL OR e.from_date <= $as_of)
                   AND (e.until IS NULL OR $as_of <= e.until) }
     OR EXISTS { MATCH (a)-[:INHERITS*0..]->(r:Role)
                 WHERE a:Role
                   AND (EXISTS { MATCH (r)-[:OWNER|ACCOUNTABLE|RESPONSIBLE|CUSTODIAN]->(i) }
                        OR EXISTS { MATCH ()-[e:DELEGATES]->(r)
                                    WHERE e.scope = d.scope AND (e.from_date IS NULL OR e.from_date <= $as_of)
                                      AND (e.until IS NULL OR $as_of <= e.until) }) }
     OR EXISTS { MATCH (a)-[h:HOLDS]->(:Role)-[:INHERITS*0..]->(r:Role)
                 WHERE a.status <> 'leaver' AND (h.from IS NULL OR h.from <= $as_of) AND (h.until IS NULL OR $as_of <= h.until)
                   AND (EXISTS { MATCH (r)-[:OWNER|ACCOUNTABLE|RESPONSIBLE|CUSTODIAN]->(i) }
                        OR EXISTS { MATCH ()-[e:DELEGATES]->(r)
                                    WHERE e.scope = d.scope AND (e.from_date IS NULL OR e.from_date <= $as_of)
                                      AND (e.until IS NULL OR $as_of <= e.until) }) } AS founded
WHERE size(locked) > 0 OR NOT founded
RETURN 'delegation:' + d.id AS subject, d.scope AS scope,
       CASE WHEN a:Person THEN 'person:' ELSE 'role:' END + a.id AS source,
       CASE WHEN b:Person THEN 'person:' ELSE 'role:' END + b.id AS target,
       locked, founded
