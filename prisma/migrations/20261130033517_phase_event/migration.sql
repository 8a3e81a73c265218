-- AlterTable
ALTER TABLE "submission" ALTER COLUMN "created_at" SET DATA TYPE TIMESTAMP(6);

-- CreateTable
CREATE TABLE "phase_event" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "from_phase" "Phase" NOT NULL,
    "to_phase" "Phase" NOT NULL,
    "at" TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "forced" BOOLEAN NOT NULL DEFAULT false,
    "note" TEXT,

    CONSTRAINT "phase_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "phase_event_seleksi_id_at_idx" ON "phase_event"("seleksi_id", "at");

-- AddForeignKey
ALTER TABLE "phase_event" ADD CONSTRAINT "phase_event_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;
