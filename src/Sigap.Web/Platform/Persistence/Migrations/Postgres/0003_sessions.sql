-- 0003 sessions: every sign-in (cookie or token family) is a row that each request checks, so sign-out, lock and
-- deactivation end it at once; and a grants version per user that open pages check before trusting the grants they hold.
-- Taken from the EF model with: dotnet run --project src/Sigap.Web -- schema-script postgres
CREATE TABLE "UserGrantsVersions" (
    "UserId" uuid NOT NULL,
    "Version" bigint NOT NULL,
    CONSTRAINT "PK_UserGrantsVersions" PRIMARY KEY ("UserId")
);

CREATE TABLE "UserSessions" (
    "Id" uuid NOT NULL,
    "UserId" uuid NOT NULL,
    "CreatedAt" timestamp with time zone NOT NULL,
    "RevokedAt" timestamp with time zone,
    CONSTRAINT "PK_UserSessions" PRIMARY KEY ("Id"),
    CONSTRAINT "FK_UserSessions_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);

CREATE INDEX "IX_UserSessions_UserId" ON "UserSessions" ("UserId");

-- Sign-ins made before this migration keep working: each live refresh-token family becomes a session.
INSERT INTO "UserSessions" ("Id", "UserId", "CreatedAt", "RevokedAt")
SELECT "FamilyId", "UserId", MIN("CreatedAt"), NULL FROM "RefreshTokens" WHERE "RevokedAt" IS NULL GROUP BY "FamilyId", "UserId";
