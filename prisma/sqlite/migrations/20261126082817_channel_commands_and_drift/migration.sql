-- CreateTable
CREATE TABLE "ChannelCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orderId" TEXT,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "payload" JSONB,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "result" JSONB,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChannelCommand_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChannelCommand_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SyncDrift" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "listingId" TEXT,
    "itemId" TEXT NOT NULL,
    "expectedQty" INTEGER,
    "channelQty" INTEGER NOT NULL,
    "cause" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "detail" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SyncDrift_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SyncDrift_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

