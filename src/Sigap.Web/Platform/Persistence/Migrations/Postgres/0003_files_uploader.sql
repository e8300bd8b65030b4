-- 0003 files: the uploader of a file, so the staging quota (unattached files per user) is an index lookup.
CREATE INDEX "IX_Files_UploadedBy" ON "Files" ("UploadedBy");
