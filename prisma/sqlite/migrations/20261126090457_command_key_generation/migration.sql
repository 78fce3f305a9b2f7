-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_ChannelCommand" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "shopId" TEXT NOT NULL,
    "channelId" TEXT NOT NULL,
    "orderId" TEXT,
    "kind" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "payload" JSONB,
    "state" TEXT NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "keyGeneration" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" DATETIME,
    "lastError" TEXT,
    "result" JSONB,
    "completedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ChannelCommand_shopId_fkey" FOREIGN KEY ("shopId") REFERENCES "Shop" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ChannelCommand_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_ChannelCommand" ("attempts", "channelId", "completedAt", "createdAt", "id", "kind", "lastError", "nextAttemptAt", "orderId", "payload", "result", "shopId", "state", "subjectId", "updatedAt") SELECT "attempts", "channelId", "completedAt", "createdAt", "id", "kind", "lastError", "nextAttemptAt", "orderId", "payload", "result", "shopId", "state", "subjectId", "updatedAt" FROM "ChannelCommand";
DROP TABLE "ChannelCommand";
ALTER TABLE "new_ChannelCommand" RENAME TO "ChannelCommand";
CREATE INDEX "ChannelCommand_shopId_state_idx" ON "ChannelCommand"("shopId", "state");
CREATE INDEX "ChannelCommand_state_nextAttemptAt_idx" ON "ChannelCommand"("state", "nextAttemptAt");
CREATE INDEX "ChannelCommand_subjectId_idx" ON "ChannelCommand"("subjectId");
CREATE INDEX "ChannelCommand_orderId_idx" ON "ChannelCommand"("orderId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

