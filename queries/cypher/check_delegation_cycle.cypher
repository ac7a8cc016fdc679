// delegation-cycle: delegations of one scope, in force on $as_of, that return to where
// they began. Returns every elementary cycle from each of its parties (the caller keeps
// one rotation of each); cycles longer than 12 links are not followed.
MATCH p = (x)-[ds:DELEGATES*1..12]->(x)
WHERE x.org = $org
  AND all(d IN ds WHERE d.scope = head(ds).scope
          AND (d.from_date IS NULL OR d.from_date <= $as_of)
          AND (d.until IS NULL OR $as_of <= d.until))
WITH head(ds).scope AS scope,
     [n IN nodes(p) | CASE WHEN n:Person THEN 'person:' ELSE 'role:' END + n.id] AS refs
WITH scope, refs[0..size(refs) - 1] AS cycle
WHERE all(k IN range(0, size(cycle) - 1) WHERE NOT cycle[k] IN cycle[k + 1..])
RETURN DISTINCT scope, cycle
