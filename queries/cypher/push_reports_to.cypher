// One batch of REPORTS_TO relationships: line manager or post hierarchy, when the manager is in the model.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
OPTIONAL MATCH (a0:Person {org: $org, id: r.source}) WHERE r.source_kind = 'person'
OPTIONAL MATCH (a1:Role {org: $org, id: r.source}) WHERE r.source_kind = 'role'
OPTIONAL MATCH (b0:Person {org: $org, id: r.target}) WHERE r.target_kind = 'person'
OPTIONAL MATCH (b1:Role {org: $org, id: r.target}) WHERE r.target_kind = 'role'
WITH r, coalesce(a0, a1) AS a, coalesce(b0, b1) AS b
MERGE (a)-[e:REPORTS_TO {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
