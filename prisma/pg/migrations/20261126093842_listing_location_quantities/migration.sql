-- AlterTable
ALTER TABLE "ChannelListing" ADD COLUMN     "locationQuantities" JSONB;

