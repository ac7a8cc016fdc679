// The organisations graphkit has written into this database.
MATCH (o:Organisation)
RETURN o.id AS id
ORDER BY id
