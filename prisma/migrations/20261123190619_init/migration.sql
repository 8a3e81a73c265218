-- CreateEnum
CREATE TYPE "RegionLevel" AS ENUM ('PROVINCE', 'REGENCY', 'DISTRICT', 'VILLAGE');

-- CreateEnum
CREATE TYPE "SeleksiLevel" AS ENUM ('KABUPATEN', 'PROVINSI', 'NASIONAL');

-- CreateEnum
CREATE TYPE "Phase" AS ENUM ('DRAFT', 'NOMINATION', 'SCORING', 'CLOSED', 'PUBLISHED');

-- CreateEnum
CREATE TYPE "Normalization" AS ENUM ('MEAN', 'TRIMMED_MEAN', 'ZSCORE');

-- CreateEnum
CREATE TYPE "SubjectType" AS ENUM ('PERSON', 'ORGANISATION');

-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('TELEGRAM', 'WHATSAPP', 'CONSOLE');

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('OFFICER', 'JUROR', 'MEMBER', 'ADMIN');

-- CreateEnum
CREATE TYPE "NominationStatus" AS ENUM ('SUBMITTED', 'WITHDRAWN');

-- CreateEnum
CREATE TYPE "AttachmentKind" AS ENUM ('PHOTO', 'DOCUMENT');

-- CreateEnum
CREATE TYPE "SubmissionKind" AS ENUM ('NOMINATION', 'SCORE_SHEET', 'RECUSAL');

-- CreateEnum
CREATE TYPE "SubmissionStatus" AS ENUM ('PENDING', 'DONE', 'FAILED');

-- CreateEnum
CREATE TYPE "BroadcastStatus" AS ENUM ('PENDING', 'RUNNING', 'PAUSED', 'DONE', 'STOPPED');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('PENDING', 'SENT', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "region" (
    "code" TEXT NOT NULL,
    "level" "RegionLevel" NOT NULL,
    "name" TEXT NOT NULL,
    "parent_code" TEXT,

    CONSTRAINT "region_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "seleksi" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "level" "SeleksiLevel" NOT NULL,
    "region_code" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "phase" "Phase" NOT NULL DEFAULT 'DRAFT',
    "nomination_opens_at" TIMESTAMP(3),
    "nomination_closes_at" TIMESTAMP(3),
    "scoring_closes_at" TIMESTAMP(3),
    "normalization" "Normalization" NOT NULL DEFAULT 'MEAN',
    "trim_fraction" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "tie_break" TEXT[],
    "rules" JSONB NOT NULL DEFAULT '{}',
    "definition" JSONB NOT NULL DEFAULT '{}',
    "parent_seleksi_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "seleksi_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "category" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name_id" TEXT NOT NULL,
    "name_en" TEXT NOT NULL,
    "subject_type" "SubjectType" NOT NULL DEFAULT 'PERSON',
    "position" INTEGER NOT NULL DEFAULT 0,
    "settings" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "category_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "criterion" (
    "id" TEXT NOT NULL,
    "category_id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "label_id" TEXT NOT NULL,
    "label_en" TEXT NOT NULL,
    "weight" INTEGER NOT NULL,
    "min" INTEGER NOT NULL,
    "max" INTEGER NOT NULL,
    "rubric_id" TEXT NOT NULL DEFAULT '',
    "rubric_en" TEXT NOT NULL DEFAULT '',
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "criterion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "person" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "locale" TEXT NOT NULL DEFAULT 'id',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "channel_identity" (
    "id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_inbound_at" TIMESTAMP(3),

    CONSTRAINT "channel_identity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invite" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "region_code" TEXT,
    "categories" TEXT[],
    "name" TEXT,
    "expires_at" TIMESTAMP(3),
    "used_at" TIMESTAMP(3),
    "used_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "invite_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "membership" (
    "id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "region_code" TEXT,
    "categories" TEXT[],
    "invite_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nomination" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "category_id" TEXT NOT NULL,
    "region_code" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "nominee_name" TEXT NOT NULL,
    "status" "NominationStatus" NOT NULL DEFAULT 'SUBMITTED',
    "answers" JSONB NOT NULL,
    "submitted_by_id" TEXT NOT NULL,
    "submitted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 1,

    CONSTRAINT "nomination_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "attachment" (
    "id" TEXT NOT NULL,
    "nomination_id" TEXT NOT NULL,
    "field" TEXT NOT NULL,
    "kind" "AttachmentKind" NOT NULL,
    "channel" "Channel" NOT NULL,
    "file_ref" TEXT NOT NULL,
    "local_path" TEXT,
    "mime_type" TEXT,
    "file_name" TEXT,
    "caption" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "attachment_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score_sheet" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "nomination_id" TEXT NOT NULL,
    "juror_id" TEXT NOT NULL,
    "comment" TEXT,
    "submitted_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "score_sheet_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "score" (
    "id" TEXT NOT NULL,
    "sheet_id" TEXT NOT NULL,
    "nomination_id" TEXT NOT NULL,
    "juror_id" TEXT NOT NULL,
    "criterion_id" TEXT NOT NULL,
    "value" INTEGER NOT NULL,

    CONSTRAINT "score_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recusal" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "nomination_id" TEXT NOT NULL,
    "juror_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "recusal_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "submission" (
    "id" TEXT NOT NULL,
    "kind" "SubmissionKind" NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "SubmissionStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "error" TEXT,
    "result_ref" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "processed_at" TIMESTAMP(3),
    "confirmed_at" TIMESTAMP(3),

    CONSTRAINT "submission_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ranking" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "computed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "meta" JSONB NOT NULL,
    "frozen" BOOLEAN NOT NULL DEFAULT true,

    CONSTRAINT "ranking_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ranking_entry" (
    "id" TEXT NOT NULL,
    "ranking_id" TEXT NOT NULL,
    "category_code" TEXT NOT NULL,
    "nomination_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "final_score" DOUBLE PRECISION NOT NULL,
    "tie_break_rule" TEXT,
    "detail" JSONB NOT NULL,

    CONSTRAINT "ranking_entry_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broadcast" (
    "id" TEXT NOT NULL,
    "seleksi_id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" "BroadcastStatus" NOT NULL DEFAULT 'PENDING',
    "total" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMP(3),
    "finished_at" TIMESTAMP(3),

    CONSTRAINT "broadcast_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery" (
    "id" TEXT NOT NULL,
    "broadcast_id" TEXT NOT NULL,
    "person_id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'PENDING',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_error" TEXT,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "delivery_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation_session" (
    "id" TEXT NOT NULL,
    "channel" "Channel" NOT NULL,
    "external_id" TEXT NOT NULL,
    "person_id" TEXT,
    "locale" TEXT NOT NULL DEFAULT 'id',
    "state" JSONB NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMP(3) NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "processed_inbound" (
    "channel" "Channel" NOT NULL,
    "message_id" TEXT NOT NULL,
    "processed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "processed_inbound_pkey" PRIMARY KEY ("channel","message_id")
);

-- CreateTable
CREATE TABLE "audit_event" (
    "id" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor_id" TEXT,
    "seleksi_id" TEXT,
    "action" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_event_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "region_parent_code_idx" ON "region"("parent_code");

-- CreateIndex
CREATE INDEX "region_level_name_idx" ON "region"("level", "name");

-- CreateIndex
CREATE UNIQUE INDEX "seleksi_code_key" ON "seleksi"("code");

-- CreateIndex
CREATE INDEX "seleksi_region_code_idx" ON "seleksi"("region_code");

-- CreateIndex
CREATE UNIQUE INDEX "category_seleksi_id_code_key" ON "category"("seleksi_id", "code");

-- CreateIndex
CREATE UNIQUE INDEX "criterion_category_id_code_key" ON "criterion"("category_id", "code");

-- CreateIndex
CREATE INDEX "channel_identity_person_id_idx" ON "channel_identity"("person_id");

-- CreateIndex
CREATE UNIQUE INDEX "channel_identity_channel_external_id_key" ON "channel_identity"("channel", "external_id");

-- CreateIndex
CREATE UNIQUE INDEX "invite_code_key" ON "invite"("code");

-- CreateIndex
CREATE INDEX "invite_seleksi_id_idx" ON "invite"("seleksi_id");

-- CreateIndex
CREATE INDEX "membership_seleksi_id_role_idx" ON "membership"("seleksi_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "membership_person_id_seleksi_id_role_key" ON "membership"("person_id", "seleksi_id", "role");

-- CreateIndex
CREATE UNIQUE INDEX "nomination_number_key" ON "nomination"("number");

-- CreateIndex
CREATE INDEX "nomination_seleksi_id_category_id_region_code_idx" ON "nomination"("seleksi_id", "category_id", "region_code");

-- CreateIndex
CREATE INDEX "nomination_submitted_by_id_idx" ON "nomination"("submitted_by_id");

-- CreateIndex
CREATE UNIQUE INDEX "nomination_seleksi_id_category_id_seq_key" ON "nomination"("seleksi_id", "category_id", "seq");

-- CreateIndex
CREATE INDEX "attachment_nomination_id_idx" ON "attachment"("nomination_id");

-- CreateIndex
CREATE INDEX "score_sheet_seleksi_id_juror_id_idx" ON "score_sheet"("seleksi_id", "juror_id");

-- CreateIndex
CREATE UNIQUE INDEX "score_sheet_nomination_id_juror_id_key" ON "score_sheet"("nomination_id", "juror_id");

-- CreateIndex
CREATE INDEX "score_sheet_id_idx" ON "score"("sheet_id");

-- CreateIndex
CREATE UNIQUE INDEX "score_nomination_id_juror_id_criterion_id_key" ON "score"("nomination_id", "juror_id", "criterion_id");

-- CreateIndex
CREATE INDEX "recusal_seleksi_id_juror_id_idx" ON "recusal"("seleksi_id", "juror_id");

-- CreateIndex
CREATE UNIQUE INDEX "recusal_nomination_id_juror_id_key" ON "recusal"("nomination_id", "juror_id");

-- CreateIndex
CREATE INDEX "submission_status_created_at_idx" ON "submission"("status", "created_at");

-- CreateIndex
CREATE INDEX "submission_seleksi_id_status_idx" ON "submission"("seleksi_id", "status");

-- CreateIndex
CREATE INDEX "ranking_seleksi_id_computed_at_idx" ON "ranking"("seleksi_id", "computed_at");

-- CreateIndex
CREATE INDEX "ranking_entry_ranking_id_category_code_rank_idx" ON "ranking_entry"("ranking_id", "category_code", "rank");

-- CreateIndex
CREATE UNIQUE INDEX "ranking_entry_ranking_id_nomination_id_key" ON "ranking_entry"("ranking_id", "nomination_id");

-- CreateIndex
CREATE INDEX "broadcast_seleksi_id_idx" ON "broadcast"("seleksi_id");

-- CreateIndex
CREATE INDEX "delivery_broadcast_id_status_idx" ON "delivery"("broadcast_id", "status");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_broadcast_id_person_id_channel_key" ON "delivery"("broadcast_id", "person_id", "channel");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_session_channel_external_id_key" ON "conversation_session"("channel", "external_id");

-- CreateIndex
CREATE INDEX "processed_inbound_processed_at_idx" ON "processed_inbound"("processed_at");

-- CreateIndex
CREATE INDEX "audit_event_seleksi_id_at_idx" ON "audit_event"("seleksi_id", "at");

-- AddForeignKey
ALTER TABLE "region" ADD CONSTRAINT "region_parent_code_fkey" FOREIGN KEY ("parent_code") REFERENCES "region"("code") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "seleksi" ADD CONSTRAINT "seleksi_region_code_fkey" FOREIGN KEY ("region_code") REFERENCES "region"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "category" ADD CONSTRAINT "category_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "criterion" ADD CONSTRAINT "criterion_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_identity" ADD CONSTRAINT "channel_identity_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invite" ADD CONSTRAINT "invite_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_person_id_fkey" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "membership" ADD CONSTRAINT "membership_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nomination" ADD CONSTRAINT "nomination_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "category"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "attachment" ADD CONSTRAINT "attachment_nomination_id_fkey" FOREIGN KEY ("nomination_id") REFERENCES "nomination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score_sheet" ADD CONSTRAINT "score_sheet_nomination_id_fkey" FOREIGN KEY ("nomination_id") REFERENCES "nomination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score" ADD CONSTRAINT "score_sheet_id_fkey" FOREIGN KEY ("sheet_id") REFERENCES "score_sheet"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "score" ADD CONSTRAINT "score_criterion_id_fkey" FOREIGN KEY ("criterion_id") REFERENCES "criterion"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recusal" ADD CONSTRAINT "recusal_nomination_id_fkey" FOREIGN KEY ("nomination_id") REFERENCES "nomination"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "submission" ADD CONSTRAINT "submission_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ranking" ADD CONSTRAINT "ranking_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ranking_entry" ADD CONSTRAINT "ranking_entry_ranking_id_fkey" FOREIGN KEY ("ranking_id") REFERENCES "ranking"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast" ADD CONSTRAINT "broadcast_seleksi_id_fkey" FOREIGN KEY ("seleksi_id") REFERENCES "seleksi"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery" ADD CONSTRAINT "delivery_broadcast_id_fkey" FOREIGN KEY ("broadcast_id") REFERENCES "broadcast"("id") ON DELETE CASCADE ON UPDATE CASCADE;
