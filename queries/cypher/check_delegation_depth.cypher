// delegation-depth, the database's part: the delegation links in force on $as_of of each
// scope with more than $depth of them (a scope with fewer cannot have a chain longer
// than $depth), one row per link. The caller finds each scope's longest chain in its
// layer, with cycles condensed to one stop and ties broken by the least links, as the
// in-memory check does.
CALL {
  MATCH (a:Person {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
  UNION ALL
  MATCH (a:Role {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
}
WITH a, d, b
WHERE (d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
WITH d.scope AS scope,
     collect({delegation: d.id,
              source: CASE WHEN a:Person THEN 'person:' ELSE 'role:' END + a.id,
              target: CASE WHEN b:Person THEN 'person:' ELSE 'role:' END + b.id}) AS links
WHERE size(links) > $depth
UNWIND links AS link
RETURN scope, link.delegation AS delegation, link.source AS source, link.target AS target
