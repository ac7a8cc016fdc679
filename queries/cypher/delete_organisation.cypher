// The organisation node itself (its items are deleted first, in batches).
MATCH (o:Organisation {id: $org})
DELETE o
RETURN count(*) AS deleted
