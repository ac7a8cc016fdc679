// One batch of duty nodes; $rows = [{id, props}], props hold every property (org and id too).
UNWIND $rows AS r
MERGE (n:Duty {org: $org, id: r.id})
SET n = r.props
RETURN count(n) AS written
