// One batch of ACCEPTED relationships: the person who accepted a risk's residual level.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.org = $org AND a.id = r.source
MATCH (b:Risk) WHERE b.org = $org AND b.id = r.target
MERGE (a)-[e:ACCEPTED {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
