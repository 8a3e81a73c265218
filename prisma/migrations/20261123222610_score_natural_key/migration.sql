-- Scores keyed by (nomination, juror, criterion) and tied to their sheet by (nomination, juror): the
-- surrogate id and sheet_id (and their two indexes) go. Every score keeps its values. Its sheet is the
-- one with the same nomination and juror, which sheet_id always named (a sheet is unique on them).
/*
  Warnings:

  - The primary key for the `score` table will be changed. If it partially fails, the table could be left without primary key constraint.
  - You are about to drop the column `id` on the `score` table. All the data in the column will be lost.
  - You are about to drop the column `sheet_id` on the `score` table. All the data in the column will be lost.

*/
-- DropForeignKey
ALTER TABLE "score" DROP CONSTRAINT "score_sheet_id_fkey";

-- DropIndex
DROP INDEX "score_nomination_id_juror_id_criterion_id_key";

-- DropIndex
DROP INDEX "score_sheet_id_idx";

-- AlterTable
ALTER TABLE "score" DROP CONSTRAINT "score_pkey",
DROP COLUMN "id",
DROP COLUMN "sheet_id",
ADD CONSTRAINT "score_pkey" PRIMARY KEY ("nomination_id", "juror_id", "criterion_id");

-- AddForeignKey
ALTER TABLE "score" ADD CONSTRAINT "score_nomination_id_juror_id_fkey" FOREIGN KEY ("nomination_id", "juror_id") REFERENCES "score_sheet"("nomination_id", "juror_id") ON DELETE CASCADE ON UPDATE CASCADE;
