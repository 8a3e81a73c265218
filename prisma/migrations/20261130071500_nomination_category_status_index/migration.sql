-- A juror's progress counts (nominations of their categories, not of their own kabupaten/kota)
-- as an index-only scan, see src/db/juror-sql.ts.
-- CreateIndex
CREATE INDEX "nomination_category_id_status_region_code_idx" ON "nomination"("category_id", "status", "region_code");
