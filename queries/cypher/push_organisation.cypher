// The organisation node: its name, whether the model named it, and the policy (JSON).
MERGE (o:Organisation {id: $org})
SET o = $props
RETURN count(o) AS written
