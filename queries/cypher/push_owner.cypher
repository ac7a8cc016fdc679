// One batch of OWNER relationships: the accountable owner of an asset or risk.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
OPTIONAL MATCH (a0:Person {org: $org, id: r.source}) WHERE r.source_kind = 'person'
OPTIONAL MATCH (a1:Role {org: $org, id: r.source}) WHERE r.source_kind = 'role'
OPTIONAL MATCH (b0:Asset {org: $org, id: r.target}) WHERE r.target_kind = 'asset'
OPTIONAL MATCH (b1:Risk {org: $org, id: r.target}) WHERE r.target_kind = 'risk'
WITH r, coalesce(a0, a1) AS a, coalesce(b0, b1) AS b
MERGE (a)-[e:OWNER {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
