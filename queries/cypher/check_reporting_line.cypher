// reporting-line: problems of people's line (leavers' own reports_to is not read, and a
// leaver is never a top) and of posts' line (roles that have a reports_to or are named by
// one). Rows: kind ('person' or 'role'), problem ('cycle', 'tops', 'unknown', 'leaver')
// and subjects (a cycle from its least member, in line order). ArcadeDB quirk: a list
// predicate that compares with the outer node (all(n IN nodes(path) WHERE p.id <= n.id))
// matched nothing, so the ids are taken out first.
MATCH path = (p:Person {org: $org})-[:REPORTS_TO*1..]->(p)
WHERE all(n IN nodes(path) WHERE n.status <> 'leaver')
WITH p.id AS first, [n IN nodes(path) | n.id] AS ids
WHERE all(i IN ids WHERE first <= i)
RETURN 'person' AS kind, 'cycle' AS problem, [i IN ids[0..size(ids) - 1] | 'person:' + i] AS subjects
UNION ALL
MATCH (p:Person {org: $org})
WHERE p.status <> 'leaver'
WITH collect(CASE WHEN p.reports_to IS NULL THEN 'person:' + p.id END) AS tops,
     count(p.reports_to) AS lined
WHERE lined > 0 AND size(tops) > 1
RETURN 'person' AS kind, 'tops' AS problem, tops AS subjects
UNION ALL
MATCH (p:Person {org: $org})
WHERE p.status <> 'leaver' AND p.reports_to IS NOT NULL
  AND NOT EXISTS { MATCH (p)-[:REPORTS_TO]->(:Person) }
RETURN 'person' AS kind, 'unknown' AS problem, ['person:' + p.id, 'person:' + p.reports_to] AS subjects
UNION ALL
MATCH (p:Person {org: $org})-[:REPORTS_TO]->(m:Person)
WHERE p.status <> 'leaver' AND m.status = 'leaver'
RETURN 'person' AS kind, 'leaver' AS problem, ['person:' + p.id, 'person:' + m.id] AS subjects
UNION ALL
MATCH path = (r:Role {org: $org})-[:REPORTS_TO*1..]->(r)
WITH r.id AS first, [n IN nodes(path) | n.id] AS ids
WHERE all(i IN ids WHERE first <= i)
RETURN 'role' AS kind, 'cycle' AS problem, [i IN ids[0..size(ids) - 1] | 'role:' + i] AS subjects
UNION ALL
MATCH (r:Role {org: $org})
WHERE r.reports_to IS NULL AND EXISTS { MATCH (:Role)-[:REPORTS_TO]->(r) }
WITH collect('role:' + r.id) AS tops
WHERE size(tops) > 1
RETURN 'role' AS kind, 'tops' AS problem, tops AS subjects
UNION ALL
MATCH (r:Role {org: $org})
WHERE r.reports_to IS NOT NULL AND NOT EXISTS { MATCH (r)-[:REPORTS_TO]->(:Role) }
RETURN 'role' AS kind, 'unknown' AS problem, ['role:' + r.id, 'role:' + r.reports_to] AS subjects
