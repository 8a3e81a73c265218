-- AlterTable
ALTER TABLE "invite" ADD COLUMN     "no_home_region_reason" TEXT,
ADD COLUMN     "second_role" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "nomination" ADD COLUMN     "updated_by_id" TEXT;

-- CreateTable
CREATE TABLE "reminder" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "deadline" TEXT NOT NULL,
    "deadline_at" TIMESTAMP(3) NOT NULL,
    "days_before" DOUBLE PRECISION NOT NULL,
    "sent_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "status" TEXT NOT NULL DEFAULT 'SENDING',
    "attempts" INTEGER NOT NULL DEFAULT 1,
    "error" TEXT,

    CONSTRAINT "reminder_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "reminder_seleksi_id_person_id_deadline_deadline_at_days_bef_key" ON "reminder"("seleksi_id", "person_id", "deadline", "deadline_at", "days_before");

-- AddForeignKey
ALTER TABLE "reminder" ADD CONSTRAINT "reminder_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;
