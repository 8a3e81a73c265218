-- Indonesia as the region of a national seleksi (level COUNTRY, code "ID"). Apart from the migration
-- that adds the enum value: Postgres refuses a new enum value in the transaction that added it.
INSERT INTO "region" ("code", "level", "name", "parent_code")
VALUES ('ID', 'COUNTRY', 'Indonesia', NULL)
ON CONFLICT ("code") DO NOTHING;
