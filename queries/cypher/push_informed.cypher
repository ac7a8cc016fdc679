// One batch of INFORMED relationships: RACI informed of a duty.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
OPTIONAL MATCH (a0:Person) WHERE a0.org = $org AND a0.id = r.source AND r.source_kind = 'person'
OPTIONAL MATCH (a1:Role) WHERE a1.org = $org AND a1.id = r.source AND r.source_kind = 'role'
MATCH (b:Duty) WHERE b.org = $org AND b.id = r.target
WITH r, coalesce(a0, a1) AS a, b AS b
MERGE (a)-[e:INFORMED {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
