-- WhatsApp channel: the Baileys auth state of a number (credentials and Signal keys) in Postgres, and
-- a person's mobile number (E.164, unique) so that a WhatsApp chat from an imported number is matched.

-- AlterTable
ALTER TABLE "person" ADD COLUMN     "phone" TEXT;

-- CreateTable
CREATE TABLE "whatsapp_auth" (
    "account" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "whatsapp_auth_pkey" PRIMARY KEY ("account","kind","key")
);

-- CreateIndex
CREATE UNIQUE INDEX "person_phone_key" ON "person"("phone");

