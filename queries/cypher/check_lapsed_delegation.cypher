// lapsed-delegation: delegations expired on $as_of, or in force with a person at either
// end who is absent or a leaver. One row per delegation (a delegation not yet started is
// not lapsed).
MATCH (a:Person {org: $org})-[d:DELEGATES]->(b)
WHERE (d.until IS NOT NULL AND d.until < $as_of)
   OR ((d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
       AND ((a:Person AND a.status <> 'active') OR (b:Person AND b.status <> 'active')))
RETURN 'delegation:' + d.id AS subject, d.scope AS scope, d.until AS until,
       (d.until IS NOT NULL AND d.until < $as_of) AS expired
UNION ALL
MATCH (a:Role {org: $org})-[d:DELEGATES]->(b)
WHERE (d.until IS NOT NULL AND d.until < $as_of)
   OR ((d.from_date IS NULL OR d.from_date <= $as_of) AND (d.until IS NULL OR $as_of <= d.until)
       AND ((a:Person AND a.status <> 'active') OR (b:Person AND b.status <> 'active')))
RETURN 'delegation:' + d.id AS subject, d.scope AS scope, d.until AS until,
       (d.until IS NOT NULL AND d.until < $as_of) AS expired
