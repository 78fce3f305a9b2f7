-- CreateTable
CREATE TABLE "ChannelCommand" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orderId" TEXT,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "payload" JSONB,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3),
    "lastError" TEXT,
    "result" JSONB,
    "completedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChannelCommand_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SyncDrift" (
    "id" TEXT NOT NULL,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "listingId" TEXT,
    "itemId" TEXT NOT NULL,
    "expectedQty" INTEGER,
    "channelQty" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SyncDrift_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ChannelCommand_shopId_state_idx" ON "ChannelCommand"("shopId", "state");

-- CreateIndex
CREATE INDEX "ChannelCommand_state_nextAttemptAt_idx" ON "ChannelCommand"("state", "nextAttemptAt");

-- CreateIndex
CREATE INDEX "ChannelCommand_subjectId_idx" ON "ChannelCommand"("subjectId");

-- CreateIndex
CREATE INDEX "ChannelCommand_orderId_idx" ON "ChannelCommand"("orderId");

-- CreateIndex
CREATE INDEX "SyncDrift_shopId_createdAt_idx" ON "SyncDrift"("shopId", "createdAt");

-- CreateIndex
CREATE INDEX "SyncDrift_channelId_createdAt_idx" ON "SyncDrift"("channelId", "createdAt");

-- AddForeignKey
ALTER TABLE "ChannelCommand" ADD CONSTRAINT "ChannelCommand_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelCommand" ADD CONSTRAINT "ChannelCommand_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncDrift" ADD CONSTRAINT "SyncDrift_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SyncDrift" ADD CONSTRAINT "SyncDrift_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

