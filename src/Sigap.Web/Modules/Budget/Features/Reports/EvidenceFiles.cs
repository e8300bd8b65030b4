using Sigap.Web.Modules.Budget.Domain;
using Sigap.Web.Platform.Files;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Modules.Budget.Features.Reports;

/// <summary>Evidence files belong to their reports: the platform's file sweeper keeps them.</summary>
internal sealed class EvidenceFiles : IFileReferences
{
    public IQueryable<Guid> FileIds(SigapDb db) => db.Set<UsageEvidence>().Select(e => e.FileId);
}
