-- AlterTable
ALTER TABLE "ChannelCommand" ADD COLUMN     "keyGeneration" INTEGER NOT NULL DEFAULT 0;

