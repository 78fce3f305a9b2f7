-- AlterTable
ALTER TABLE "Channel" ADD COLUMN "pushLeaseToken" TEXT;
ALTER TABLE "Channel" ADD COLUMN "pushLeaseUntil" DATETIME;

