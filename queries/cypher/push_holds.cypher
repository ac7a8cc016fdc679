// One batch of HOLDS relationships: an assignment: person holds role (deputy, from, until).
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.org = $org AND a.id = r.source
MATCH (b:Role) WHERE b.org = $org AND b.id = r.target
MERGE (a)-[e:HOLDS {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
