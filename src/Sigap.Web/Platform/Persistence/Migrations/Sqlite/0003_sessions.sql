-- 0003 sessions: every sign-in (cookie or token family) is a row that each request checks, so sign-out, lock and
-- deactivation end it at once; and a grants version per user that open pages check before trusting the grants they hold.
-- Taken from the EF model with: dotnet run --project src/Sigap.Web -- schema-script sqlite
CREATE TABLE "UserGrantsVersions" (
    "UserId" TEXT NOT NULL CONSTRAINT "PK_UserGrantsVersions" PRIMARY KEY,
    "Version" INTEGER NOT NULL
);

CREATE TABLE "UserSessions" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_UserSessions" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL,
    CONSTRAINT "FK_UserSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_UserSessions_UserId" ON "UserSessions" ("UserId");

-- Sign-ins made before this migration keep working: each live refresh-token family becomes a session.
INSERT INTO "UserSessions" ("Id", "UserId", "CreatedAt", "RevokedAt")
SELECT "FamilyId", "UserId", MIN("CreatedAt"), NULL FROM "RefreshTokens" WHERE "RevokedAt" IS NULL GROUP BY "FamilyId", "UserId";
