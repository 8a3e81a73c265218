-- Close and rank (issue 9): the frozen ranking's digest, close time, forced flag and missing sheets,
-- entries that are flagged (no rank, maybe no final) and their tie notes and awards, promotion links
-- and the earlier result on nominations, nominee-members, the expected results date, a national region level.
-- AlterEnum
ALTER TYPE "RegionLevel" ADD VALUE 'COUNTRY';

-- AlterTable
ALTER TABLE "invite" ADD COLUMN     "nomination_id" TEXT;

-- AlterTable
ALTER TABLE "membership" ADD COLUMN     "nomination_id" TEXT;

-- AlterTable
ALTER TABLE "nomination" ADD COLUMN     "prior_result" JSONB,
ADD COLUMN     "promoted_from_id" TEXT;

-- AlterTable
ALTER TABLE "ranking" ADD COLUMN     "closed_at" TIMESTAMP(3),
ADD COLUMN     "digest" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "forced" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "missing" JSONB NOT NULL DEFAULT '[]';

-- AlterTable
ALTER TABLE "ranking_entry" ADD COLUMN     "award" TEXT,
ADD COLUMN     "flag" TEXT,
ADD COLUMN     "tie_note" JSONB,
ALTER COLUMN "rank" DROP NOT NULL,
ALTER COLUMN "final_score" DROP NOT NULL;

-- AlterTable
ALTER TABLE "seleksi" ADD COLUMN     "results_announced_at" TIMESTAMP(3);

-- CreateIndex
CREATE UNIQUE INDEX "nomination_seleksi_id_promoted_from_id_key" ON "nomination"("seleksi_id", "promoted_from_id");

-- CreateIndex
CREATE UNIQUE INDEX "ranking_seleksi_id_digest_key" ON "ranking"("seleksi_id", "digest");

