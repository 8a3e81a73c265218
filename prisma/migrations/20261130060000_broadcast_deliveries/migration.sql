-- Results broadcast (issue 11): the broadcast's messages in both languages (with the chart PNGs), one
-- delivery per (recipient chat, message) keyed by its place in the send order, the SENDING, UNKNOWN and
-- CANCELLED states of at-most-once delivery, and the chats that blocked the bot.
-- No code wrote delivery rows before this migration, so the old shape has no rows to keep.
DELETE FROM "delivery";

-- AlterEnum


ALTER TYPE "DeliveryStatus" ADD VALUE 'SENDING';
ALTER TYPE "DeliveryStatus" ADD VALUE 'UNKNOWN';
ALTER TYPE "DeliveryStatus" ADD VALUE 'CANCELLED';

-- DropIndex
DROP INDEX "delivery_broadcast_id_person_id_channel_key";

-- AlterTable
ALTER TABLE "broadcast" ADD COLUMN     "chunk_size" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "chunks" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "created_by_id" TEXT,
ADD COLUMN     "generation" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "ranking_id" TEXT;

-- AlterTable
ALTER TABLE "channel_identity" ADD COLUMN     "blocked_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "delivery" DROP CONSTRAINT "delivery_pkey",
DROP COLUMN "id",
ADD COLUMN     "chunk" INTEGER NOT NULL,
ADD COLUMN     "claim" TEXT,
ADD COLUMN     "locale" TEXT NOT NULL DEFAULT 'id',
ADD COLUMN     "message_id" TEXT NOT NULL,
ADD COLUMN     "seq" INTEGER NOT NULL,
ADD CONSTRAINT "delivery_pkey" PRIMARY KEY ("broadcast_id", "chunk", "seq");

-- CreateTable
CREATE TABLE "broadcast_message" (
    "id" TEXT NOT NULL,
    "broadcast_id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "text_id" TEXT NOT NULL,
    "text_en" TEXT NOT NULL,
    "image_id" BYTEA,
    "image_en" BYTEA,

    CONSTRAINT "broadcast_message_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "broadcast_message_broadcast_id_key_key" ON "broadcast_message"("broadcast_id", "key");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_broadcast_id_channel_external_id_message_id_key" ON "delivery"("broadcast_id", "channel", "external_id", "message_id");

-- AddForeignKey
ALTER TABLE "broadcast_message" ADD CONSTRAINT "broadcast_message_broadcast_id_fkey" FOREIGN KEY ("broadcast_id") REFERENCES "broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "broadcast_message"("id") ON DELETE CASCADE ON UPDATE CASCADE;

