-- Durable job queue (Platform/Jobs/QueuedJob.cs); module events travel through it too.
-- SQLite keeps the Quartz schedule in memory (one node), so no qrtz_* tables here.
CREATE TABLE "Jobs" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Jobs" PRIMARY KEY,
    "Kind" TEXT NOT NULL,
    "Payload" TEXT NOT NULL,
    "UnitId" INTEGER NULL,
    "State" TEXT NOT NULL,
    "Progress" INTEGER NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "MaxAttempts" INTEGER NOT NULL,
    "LeaseOwner" TEXT NULL,
    "LeaseUntil" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "StartedAt" INTEGER NULL,
    "FinishedAt" INTEGER NULL,
    "Error" TEXT NULL,
    "CancelRequested" INTEGER NOT NULL
);

CREATE INDEX "IX_Jobs_State_NextAttemptAt" ON "Jobs" ("State", "NextAttemptAt");
CREATE INDEX "IX_Jobs_UnitId" ON "Jobs" ("UnitId");
