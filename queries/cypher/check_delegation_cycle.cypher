// delegation-cycle, the database's part: the delegation links in force on $as_of that lie
// on a cycle of their scope — a party delegating to itself, or a link a -> b with a path
// of links of the same scope in force back from b to a (of at most 12 links). The caller
// lists the elementary cycles among them, as the in-memory check does.
// (shortestPath() would be cheaper, but ArcadeDB applies its WHERE after finding the
// shortest path, so a path through another scope's links hid a valid longer one.)
CALL {
  MATCH (a:Person {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
  UNION ALL
  MATCH (a:Role {org: $org})-[d:DELEGATES]->(b) RETURN a, d, b
}
WITH a, d, b
WHERE (d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
  AND (a = b OR EXISTS {
    MATCH p = (b)-[:DELEGATES*1..12 {scope: d.scope}]->(a)
    WHERE all(e IN relationships(p) WHERE e.scope = d.scope
              AND (e.from_date IS NULL OR e.from_date <= $as_of) AND (e.until IS NULL OR $as_of <= e.until)) })
RETURN d.scope AS scope, d.id AS delegation,
       CASE WHEN a:Person THEN 'person:' ELSE 'role:' END + a.id AS source,
       CASE WHEN b:Person THEN 'person:' ELSE 'role:' END + b.id AS target
