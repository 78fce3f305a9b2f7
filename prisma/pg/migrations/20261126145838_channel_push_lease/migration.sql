-- AlterTable
ALTER TABLE "Channel" ADD COLUMN     "pushLeaseToken" TEXT,
ADD COLUMN     "pushLeaseUntil" TIMESTAMP(3);

