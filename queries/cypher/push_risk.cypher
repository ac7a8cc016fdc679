// One batch of risk nodes; $rows = [{id, props}], props hold every property (org and id too).
UNWIND $rows AS r
MERGE (n:Risk {org: $org, id: r.id})
SET n = r.props
RETURN count(n) AS written
