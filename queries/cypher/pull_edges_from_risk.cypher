// Every relationship that starts at a risk of the organisation (the caller keeps only
// graphkit's relationship types and labels).
MATCH (a:Risk {org: $org})-[e]->(b)
WHERE b.org = $org
RETURN type(e) AS type, a.id AS source, labels(b) AS target_labels, b.id AS target,
       properties(e) AS props, elementId(e) AS element_id
