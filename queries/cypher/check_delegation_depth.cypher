// delegation-depth, the database's part: the delegation links in force on $as_of of each
// scope with more than $depth of them (a scope with fewer cannot have a chain longer
// than $depth). The caller finds each scope's longest chain in its layer, with cycles
// condensed to one stop, as the in-memory check does.
CALL {
  MATCH (a:Person {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
  UNION ALL
  MATCH (a:Role {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
}
WITH a, d, b
WHERE (d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
WITH d.scope AS scope,
     collect([CASE WHEN a:Person THEN 'person:' ELSE 'role:' END + a.id,
              CASE WHEN b:Person THEN 'person:' ELSE 'role:' END + b.id, d.id]) AS links
WHERE size(links) > $depth
RETURN scope, links
