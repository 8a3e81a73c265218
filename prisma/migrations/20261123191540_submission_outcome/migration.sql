-- AlterTable
ALTER TABLE "submission" ADD COLUMN     "outcome" JSONB;
