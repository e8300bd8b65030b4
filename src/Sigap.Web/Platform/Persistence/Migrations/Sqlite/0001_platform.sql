-- 0001 platform: identity, org tree, roles, files, outbox, notifications, audit.
-- Generated from the EF model with: dotnet run --project src/Sigap.Web -- schema-script sqlite
CREATE TABLE "AuditLog" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_AuditLog" PRIMARY KEY AUTOINCREMENT,
    "At" INTEGER NOT NULL,
    "UserId" TEXT NULL,
    "Action" TEXT NOT NULL,
    "EntityType" TEXT NULL,
    "EntityId" TEXT NULL,
    "OrgUnitId" INTEGER NULL,
    "Data" TEXT NULL,
    "IpAddress" TEXT NULL
);


CREATE TABLE "Files" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Files" PRIMARY KEY,
    "StorageKey" TEXT NOT NULL,
    "ContentType" TEXT NOT NULL,
    "Size" INTEGER NOT NULL,
    "FileName" TEXT NOT NULL,
    "Sha256" TEXT NOT NULL,
    "UploadedBy" TEXT NULL,
    "OrgUnitId" INTEGER NULL,
    "CreatedAt" INTEGER NOT NULL
);


CREATE TABLE "OrgUnits" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_OrgUnits" PRIMARY KEY AUTOINCREMENT,
    "ParentId" INTEGER NULL,
    "Kind" TEXT NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Path" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    CONSTRAINT "FK_OrgUnits_OrgUnits_ParentId" FOREIGN KEY ("ParentId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);


CREATE TABLE "Outbox" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Outbox" PRIMARY KEY,
    "Channel" TEXT NOT NULL,
    "Recipient" TEXT NOT NULL,
    "Subject" TEXT NULL,
    "Body" TEXT NOT NULL,
    "Template" TEXT NULL,
    "TemplateParameters" TEXT NULL,
    "IdempotencyKey" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "Attempts" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "NextAttemptAt" INTEGER NOT NULL,
    "LockedUntil" INTEGER NULL,
    "LockToken" TEXT NULL,
    "SentAt" INTEGER NULL,
    "ProviderMessageId" TEXT NULL,
    "LastError" TEXT NULL,
    "Reference" TEXT NULL
);


CREATE TABLE "Users" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Users" PRIMARY KEY,
    "FirstName" TEXT NOT NULL,
    "LastName" TEXT NULL,
    "Gender" TEXT NULL,
    "PreferredLanguage" TEXT NULL,
    "PendingEmail" TEXT NULL,
    "IsActive" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "UserName" TEXT NULL,
    "NormalizedUserName" TEXT NULL,
    "Email" TEXT NULL,
    "NormalizedEmail" TEXT NULL,
    "EmailConfirmed" INTEGER NOT NULL,
    "PasswordHash" TEXT NULL,
    "SecurityStamp" TEXT NULL,
    "ConcurrencyStamp" TEXT NULL,
    "PhoneNumber" TEXT NULL,
    "PhoneNumberConfirmed" INTEGER NOT NULL,
    "TwoFactorEnabled" INTEGER NOT NULL,
    "LockoutEnd" INTEGER NULL,
    "LockoutEnabled" INTEGER NOT NULL,
    "AccessFailedCount" INTEGER NOT NULL
);


CREATE TABLE "OutboxAttempts" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_OutboxAttempts" PRIMARY KEY,
    "MessageId" TEXT NOT NULL,
    "Number" INTEGER NOT NULL,
    "At" INTEGER NOT NULL,
    "Succeeded" INTEGER NOT NULL,
    "Error" TEXT NULL,
    "ProviderMessageId" TEXT NULL,
    CONSTRAINT "FK_OutboxAttempts_Outbox_MessageId" FOREIGN KEY ("MessageId") REFERENCES "Outbox" ("Id") ON DELETE CASCADE
);


CREATE TABLE "Notifications" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_Notifications" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Title" TEXT NOT NULL,
    "Body" TEXT NULL,
    "Link" TEXT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ReadAt" INTEGER NULL,
    CONSTRAINT "FK_Notifications_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RefreshTokens" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RefreshTokens" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "FamilyId" TEXT NOT NULL,
    "TokenHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "RevokedAt" INTEGER NULL,
    "ReplacedById" TEXT NULL,
    CONSTRAINT "FK_RefreshTokens_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "RoleAssignments" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_RoleAssignments" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "OrgUnitId" INTEGER NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "CreatedBy" TEXT NULL,
    CONSTRAINT "FK_RoleAssignments_OrgUnits_OrgUnitId" FOREIGN KEY ("OrgUnitId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_RoleAssignments_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "UserClaims" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_UserClaims" PRIMARY KEY AUTOINCREMENT,
    "UserId" TEXT NOT NULL,
    "ClaimType" TEXT NULL,
    "ClaimValue" TEXT NULL,
    CONSTRAINT "FK_UserClaims_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "UserLogins" (
    "LoginProvider" TEXT NOT NULL,
    "ProviderKey" TEXT NOT NULL,
    "ProviderDisplayName" TEXT NULL,
    "UserId" TEXT NOT NULL,
    CONSTRAINT "PK_UserLogins" PRIMARY KEY ("LoginProvider", "ProviderKey"),
    CONSTRAINT "FK_UserLogins_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "UserTokens" (
    "UserId" TEXT NOT NULL,
    "LoginProvider" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "Value" TEXT NULL,
    CONSTRAINT "PK_UserTokens" PRIMARY KEY ("UserId", "LoginProvider", "Name"),
    CONSTRAINT "FK_UserTokens_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE TABLE "VerificationCodes" (
    "Id" TEXT NOT NULL CONSTRAINT "PK_VerificationCodes" PRIMARY KEY,
    "UserId" TEXT NOT NULL,
    "Purpose" TEXT NOT NULL,
    "CodeHash" TEXT NOT NULL,
    "CreatedAt" INTEGER NOT NULL,
    "ExpiresAt" INTEGER NOT NULL,
    "FailedAttempts" INTEGER NOT NULL,
    "ConsumedAt" INTEGER NULL,
    CONSTRAINT "FK_VerificationCodes_Users_UserId" FOREIGN KEY ("UserId") REFERENCES "Users" ("Id") ON DELETE CASCADE
);


CREATE INDEX "IX_AuditLog_At" ON "AuditLog" ("At");


CREATE INDEX "IX_AuditLog_EntityType_EntityId" ON "AuditLog" ("EntityType", "EntityId");


CREATE INDEX "IX_AuditLog_UserId" ON "AuditLog" ("UserId");


CREATE UNIQUE INDEX "IX_Files_StorageKey" ON "Files" ("StorageKey");


CREATE INDEX "IX_Notifications_UserId_CreatedAt" ON "Notifications" ("UserId", "CreatedAt");


CREATE INDEX "IX_Notifications_UserId_ReadAt" ON "Notifications" ("UserId", "ReadAt");


CREATE UNIQUE INDEX "IX_OrgUnits_Code" ON "OrgUnits" ("Code");


CREATE INDEX "IX_OrgUnits_ParentId" ON "OrgUnits" ("ParentId");


CREATE UNIQUE INDEX "IX_OrgUnits_Path" ON "OrgUnits" ("Path");


CREATE UNIQUE INDEX "IX_Outbox_IdempotencyKey" ON "Outbox" ("IdempotencyKey");


CREATE INDEX "IX_Outbox_Reference" ON "Outbox" ("Reference");


CREATE INDEX "IX_Outbox_Status_NextAttemptAt" ON "Outbox" ("Status", "NextAttemptAt");


CREATE INDEX "IX_OutboxAttempts_MessageId" ON "OutboxAttempts" ("MessageId");


CREATE INDEX "IX_RefreshTokens_FamilyId" ON "RefreshTokens" ("FamilyId");


CREATE UNIQUE INDEX "IX_RefreshTokens_TokenHash" ON "RefreshTokens" ("TokenHash");


CREATE INDEX "IX_RefreshTokens_UserId" ON "RefreshTokens" ("UserId");


CREATE INDEX "IX_RoleAssignments_OrgUnitId" ON "RoleAssignments" ("OrgUnitId");


CREATE UNIQUE INDEX "IX_RoleAssignments_UserId_Role_OrgUnitId" ON "RoleAssignments" ("UserId", "Role", "OrgUnitId");


CREATE INDEX "IX_UserClaims_UserId" ON "UserClaims" ("UserId");


CREATE INDEX "IX_UserLogins_UserId" ON "UserLogins" ("UserId");


CREATE INDEX "EmailIndex" ON "Users" ("NormalizedEmail");


CREATE UNIQUE INDEX "UserNameIndex" ON "Users" ("NormalizedUserName");


CREATE INDEX "IX_VerificationCodes_UserId_Purpose" ON "VerificationCodes" ("UserId", "Purpose");



