using System.Data.Common;
using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Files;

/// <summary>
/// Extension point: a module that keeps file ids registers one of these (AddSingleton&lt;IFileReferences, …&gt;), so the
/// sweeper never takes its files.
/// </summary>
public interface IFileReferences
{
    IQueryable<Guid> FileIds(SigapDb db);
}

public static class FileReferencesSetup
{
    /// <summary>The one line a module writes for the table that links its records to files (e.g. a report's evidence).</summary>
    public static IServiceCollection AddFileReferences<TEntity>(this IServiceCollection services, Expression<Func<TEntity, Guid>> fileId) where TEntity : class =>
        services.AddSingleton<IFileReferences>(new FileReferences<TEntity>(fileId));

    private sealed class FileReferences<TEntity>(Expression<Func<TEntity, Guid>> fileId) : IFileReferences where TEntity : class
    {
        public IQueryable<Guid> FileIds(SigapDb db) => db.Set<TEntity>().Select(fileId);
    }
}

/// <summary>Sweeper settings (<c>Files:Sweep:*</c>).</summary>
public sealed class FileSweepOptions
{
    /// <summary>Whether the sweep is scheduled (default true). It is a Quartz job: in a cluster one node runs each sweep.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>An unreferenced file younger than this is left alone: its user may still be filling in the form.</summary>
    public int OrphanAfterHours { get; set; } = 24;
    public int IntervalMinutes { get; set; } = 60;
    /// <summary>How often the sweep job fires (at least a minute).</summary>
    public TimeSpan Interval => TimeSpan.FromMinutes(Math.Max(1, IntervalMinutes));
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Deletes stored files that nothing refers to: uploads staged with POST /api/files and never attached. Each file goes
/// with a conditional DELETE that checks the references again (and the modules' foreign keys refuse it if the file was
/// attached in between), and only then are its bytes removed, so a file in use is never lost.
/// It also deletes bytes that have no row at all once they are a day old: <see cref="FileService.AttachAsync"/> writes
/// the bytes before the caller's transaction saves the rows, so a rollback (or a crash) leaves bytes behind.
/// </summary>
public sealed class FileSweeper(
    IDbContextFactory<SigapDb> dbs,
    IFileStore store,
    IEnumerable<IFileReferences> references,
    TimeProvider clock,
    FileSweepOptions options,
    ILogger<FileSweeper> log)
{
    public const string JobName = "files.sweep";

    /// <summary>One scheduled run: passes until a batch is not fully deleted (more may be waiting only after a full one).</summary>
    public async Task SweepAsync(CancellationToken ct)
    {
        // Stray bytes (stored, but their record's transaction rolled back) are swept in the same run.
        while (!ct.IsCancellationRequested && (await SweepOnceAsync(ct)).Deleted + await SweepStrayBytesAsync(ct) >= options.BatchSize) { }
    }

    /// <summary>
    /// One pass over at most a batch of candidates: how many it saw, and how many it deleted (only a batch fully deleted
    /// means more may be waiting; files a foreign key keeps must not make the loop spin).
    /// </summary>
    public async Task<(int Seen, int Deleted)> SweepOnceAsync(CancellationToken ct = default)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromHours(options.OrphanAfterHours);
        await using var db = await dbs.CreateDbContextAsync(ct);
        var candidates = await Unreferenced(db, cutoff).OrderBy(f => f.CreatedAt)
            .Select(f => new { f.Id, f.StorageKey }).Take(options.BatchSize).ToListAsync(ct);
        var deleted = 0;
        foreach (var file in candidates)
        {
            try
            {
                if (await Unreferenced(db, cutoff).Where(f => f.Id == file.Id).ExecuteDeleteAsync(ct) == 0) continue;
            }
            catch (DbException ex)
            {
                log.LogInformation(ex, "File {Id} was attached while being swept; kept.", file.Id);
                continue;
            }
            await store.DeleteAsync(file.StorageKey, ct);
            deleted++;
        }
        if (deleted > 0) log.LogInformation("File sweep deleted {Count} unreferenced file(s) older than {Hours} h.", deleted, options.OrphanAfterHours);
        return (candidates.Count, deleted);
    }

    /// <summary>
    /// Deletes up to a batch of stored bytes without a <see cref="StoredFile"/> row that were written before the cutoff,
    /// in this month's and last month's folders (keys are filed by the month they were written; a stray is found on the
    /// hourly passes of the month after at the latest). A row is committed within its request, long before a day passes.
    /// </summary>
    public async Task<int> SweepStrayBytesAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var cutoff = now - TimeSpan.FromHours(options.OrphanAfterHours);
        var deleted = 0;
        await using var db = await dbs.CreateDbContextAsync(ct);
        foreach (var month in new[] { now, now.AddMonths(-1) })
        {
            var old = new List<string>();
            await foreach (var (key, written) in store.ListAsync($"{month:yyyy}/{month:MM}", ct))
                if (written < cutoff) old.Add(key);
            foreach (var chunk in old.Chunk(500))
            {
                var known = await db.Files.Where(f => chunk.Contains(f.StorageKey)).Select(f => f.StorageKey).ToListAsync(ct);
                foreach (var key in chunk.Except(known))
                {
                    if (deleted >= options.BatchSize) return deleted;
                    await store.DeleteAsync(key, ct);
                    deleted++;
                }
            }
        }
        if (deleted > 0) log.LogInformation("File sweep deleted {Count} stored file(s) without a row, older than {Hours} h.", deleted, options.OrphanAfterHours);
        return deleted;
    }

    private IQueryable<StoredFile> Unreferenced(SigapDb db, DateTimeOffset cutoff) => Unattached(db, references).Where(f => f.CreatedAt < cutoff);

    /// <summary>Files no module refers to (staged uploads not attached yet, or never), as one query.</summary>
    internal static IQueryable<StoredFile> Unattached(SigapDb db, IEnumerable<IFileReferences> references)
    {
        IQueryable<StoredFile> query = db.Files;
        foreach (var reference in references)
        {
            var ids = reference.FileIds(db);
            query = query.Where(f => !ids.Contains(f.Id));
        }
        return query;
    }
}

/// <summary>The sweeper's schedule (every <c>Files:Sweep:IntervalMinutes</c>); never two sweeps at once.</summary>
[DisallowConcurrentExecution]
internal sealed class FileSweepJob(FileSweeper sweeper) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sweeper.SweepAsync(cancellationToken);
}
