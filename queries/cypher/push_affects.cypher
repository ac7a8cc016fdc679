// One batch of AFFECTS relationships: a risk to an asset.
// $rows = [{source_kind, source, target_kind, target, key, props}]; key tells apart
// several relationships of this type between the same two nodes.
UNWIND $rows AS r
MATCH (a:Risk) WHERE a.org = $org AND a.id = r.source
MATCH (b:Asset) WHERE b.org = $org AND b.id = r.target
MERGE (a)-[e:AFFECTS {key: r.key}]->(b)
SET e = r.props
RETURN count(e) AS written
