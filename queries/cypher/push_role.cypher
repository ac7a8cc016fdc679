// One batch of role nodes; $rows = [{id, props}], props hold every property (org and id too).
UNWIND $rows AS r
MERGE (n:Role {org: $org, id: r.id})
SET n = r.props
RETURN count(n) AS written
