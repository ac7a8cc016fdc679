// One batch of OWNER relationships: the accountable owner of an asset or risk.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
OPTIONAL MATCH (a0:Person) WHERE a0.org = $org AND a0.id = r.source AND r.source_kind = 'person'
OPTIONAL MATCH (a1:Role) WHERE a1.org = $org AND a1.id = r.source AND r.source_kind = 'role'
OPTIONAL MATCH (b0:Asset) WHERE b0.org = $org AND b0.id = r.target AND r.target_kind = 'asset'
OPTIONAL MATCH (b1:Risk) WHERE b1.org = $org AND b1.id = r.target AND r.target_kind = 'risk'
WITH r, coalesce(a0, a1) AS a, coalesce(b0, b1) AS b
MERGE (a)-[e:OWNER {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
