// One batch of CONSULTED relationships: RACI consulted on a duty.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
OPTIONAL MATCH (a0:Person {org: $org, id: r.source}) WHERE r.source_kind = 'person'
OPTIONAL MATCH (a1:Role {org: $org, id: r.source}) WHERE r.source_kind = 'role'
MATCH (b:Duty {org: $org, id: r.target})
WITH r, coalesce(a0, a1) AS a, b AS b
MERGE (a)-[e:CONSULTED {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
