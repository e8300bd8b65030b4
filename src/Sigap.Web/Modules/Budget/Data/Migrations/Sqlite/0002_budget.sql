-- 0002 budget: categories, monthly budgets, recommendations, closed months, usage reports with evidence, roll-ups.
-- Taken from the EF model with: dotnet run --project src/Sigap.Web -- schema-script sqlite
CREATE TABLE "BudgetUsageDailyTotals" (
    "ClusterId" INTEGER NOT NULL,
    "Day" TEXT NOT NULL,
    "ApprovedAmount" INTEGER NOT NULL,
    "PendingAmount" INTEGER NOT NULL,
    CONSTRAINT "PK_BudgetUsageDailyTotals" PRIMARY KEY ("ClusterId", "Day")
);

CREATE TABLE "BudgetUsageMonthlyTotals" (
    "ClusterId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "CategoryId" INTEGER NOT NULL,
    "ApprovedAmount" INTEGER NOT NULL,
    "PendingAmount" INTEGER NOT NULL,
    "ApprovedCount" INTEGER NOT NULL,
    "PendingCount" INTEGER NOT NULL,
    CONSTRAINT "PK_BudgetUsageMonthlyTotals" PRIMARY KEY ("ClusterId", "Year", "Month", "CategoryId")
);

CREATE TABLE "BudgetAreaSettings" (
    "AreaId" INTEGER NOT NULL CONSTRAINT "PK_BudgetAreaSettings" PRIMARY KEY,
    "OverspendPolicy" TEXT NOT NULL,
    CONSTRAINT "FK_BudgetAreaSettings_OrgUnits_AreaId" FOREIGN KEY ("AreaId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BudgetCategories" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BudgetCategories" PRIMARY KEY AUTOINCREMENT,
    "AreaId" INTEGER NOT NULL,
    "Code" TEXT NOT NULL,
    "Name" TEXT NOT NULL,
    "SortOrder" INTEGER NOT NULL,
    "IsActive" INTEGER NOT NULL,
    CONSTRAINT "FK_BudgetCategories_OrgUnits_AreaId" FOREIGN KEY ("AreaId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BudgetClosedMonths" (
    "AreaId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "ClosedAt" INTEGER NOT NULL,
    "ClosedBy" TEXT NOT NULL,
    CONSTRAINT "PK_BudgetClosedMonths" PRIMARY KEY ("AreaId", "Year", "Month"),
    CONSTRAINT "FK_BudgetClosedMonths_OrgUnits_AreaId" FOREIGN KEY ("AreaId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BudgetMonthly" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BudgetMonthly" PRIMARY KEY AUTOINCREMENT,
    "ClusterId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "Amount" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_BudgetMonthly_OrgUnits_ClusterId" FOREIGN KEY ("ClusterId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BudgetRecommendations" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BudgetRecommendations" PRIMARY KEY AUTOINCREMENT,
    "ClusterId" INTEGER NOT NULL,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "CategoryId" INTEGER NOT NULL,
    "Amount" INTEGER NOT NULL,
    "UpdatedAt" INTEGER NOT NULL,
    "UpdatedBy" TEXT NOT NULL,
    CONSTRAINT "FK_BudgetRecommendations_BudgetCategories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "BudgetCategories" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BudgetRecommendations_OrgUnits_ClusterId" FOREIGN KEY ("ClusterId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BudgetUsageReports" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BudgetUsageReports" PRIMARY KEY AUTOINCREMENT,
    "ClusterId" INTEGER NOT NULL,
    "CategoryId" INTEGER NOT NULL,
    "Amount" INTEGER NOT NULL,
    "SpendDate" TEXT NOT NULL,
    "Year" INTEGER NOT NULL,
    "Month" INTEGER NOT NULL,
    "Description" TEXT NOT NULL,
    "Status" TEXT NOT NULL,
    "SubmittedBy" TEXT NOT NULL,
    "SubmittedAt" INTEGER NOT NULL,
    "ReviewedBy" TEXT NULL,
    "ReviewedAt" INTEGER NULL,
    "RejectReason" TEXT NULL,
    "OverRecommendation" INTEGER NOT NULL,
    "OverBudget" INTEGER NOT NULL,
    CONSTRAINT "FK_BudgetUsageReports_BudgetCategories_CategoryId" FOREIGN KEY ("CategoryId") REFERENCES "BudgetCategories" ("Id") ON DELETE RESTRICT,
    CONSTRAINT "FK_BudgetUsageReports_OrgUnits_ClusterId" FOREIGN KEY ("ClusterId") REFERENCES "OrgUnits" ("Id") ON DELETE RESTRICT
);

CREATE TABLE "BudgetUsageEvidence" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_BudgetUsageEvidence" PRIMARY KEY AUTOINCREMENT,
    "ReportId" INTEGER NOT NULL,
    "FileId" TEXT NOT NULL,
    "SortOrder" INTEGER NOT NULL,
    CONSTRAINT "FK_BudgetUsageEvidence_BudgetUsageReports_ReportId" FOREIGN KEY ("ReportId") REFERENCES "BudgetUsageReports" ("Id") ON DELETE CASCADE,
    CONSTRAINT "FK_BudgetUsageEvidence_Files_FileId" FOREIGN KEY ("FileId") REFERENCES "Files" ("Id") ON DELETE RESTRICT
);

CREATE UNIQUE INDEX "IX_BudgetCategories_AreaId_Code" ON "BudgetCategories" ("AreaId", "Code");

CREATE UNIQUE INDEX "IX_BudgetMonthly_ClusterId_Year_Month" ON "BudgetMonthly" ("ClusterId", "Year", "Month");

CREATE INDEX "IX_BudgetRecommendations_CategoryId" ON "BudgetRecommendations" ("CategoryId");

CREATE UNIQUE INDEX "IX_BudgetRecommendations_ClusterId_Year_Month_CategoryId" ON "BudgetRecommendations" ("ClusterId", "Year", "Month", "CategoryId");

CREATE INDEX "IX_BudgetRecommendations_Covering" ON "BudgetRecommendations" ("ClusterId", "Year", "Month", "CategoryId", "Amount");

CREATE INDEX "IX_BudgetUsageDailyTotals_Day" ON "BudgetUsageDailyTotals" ("Day");

CREATE INDEX "IX_BudgetUsageEvidence_FileId" ON "BudgetUsageEvidence" ("FileId");

CREATE INDEX "IX_BudgetUsageEvidence_ReportId" ON "BudgetUsageEvidence" ("ReportId");

CREATE INDEX "IX_BudgetUsageMonthlyTotals_Covering" ON "BudgetUsageMonthlyTotals" ("ClusterId", "Year", "Month", "CategoryId", "ApprovedAmount", "PendingAmount");

CREATE INDEX "IX_BudgetUsageReports_CategoryId" ON "BudgetUsageReports" ("CategoryId");

CREATE INDEX "IX_BudgetUsageReports_ClusterId_Year_Month_Status" ON "BudgetUsageReports" ("ClusterId", "Year", "Month", "Status");

CREATE INDEX "IX_BudgetUsageReports_Status_SubmittedAt" ON "BudgetUsageReports" ("Status", "SubmittedAt");

CREATE INDEX "IX_BudgetUsageReports_SubmittedBy" ON "BudgetUsageReports" ("SubmittedBy");
