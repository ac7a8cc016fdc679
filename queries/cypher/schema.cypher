// Uniqueness constraints (each owns the index MERGE uses), run before any write.
// Items are unique per organisation: two organisations can share one database.
CREATE CONSTRAINT graphkit_organisation_id IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT graphkit_person_key IF NOT EXISTS FOR (n:Person) REQUIRE (n.org, n.id) IS UNIQUE;
CREATE CONSTRAINT graphkit_role_key IF NOT EXISTS FOR (n:Role) REQUIRE (n.org, n.id) IS UNIQUE;
CREATE CONSTRAINT graphkit_asset_key IF NOT EXISTS FOR (n:Asset) REQUIRE (n.org, n.id) IS UNIQUE;
CREATE CONSTRAINT graphkit_risk_key IF NOT EXISTS FOR (n:Risk) REQUIRE (n.org, n.id) IS UNIQUE;
CREATE CONSTRAINT graphkit_duty_key IF NOT EXISTS FOR (n:Duty) REQUIRE (n.org, n.id) IS UNIQUE;
