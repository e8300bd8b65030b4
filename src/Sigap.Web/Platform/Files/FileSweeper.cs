using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Jobs;
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

/// <summary>Sweeper settings (<c>Files:Sweep:*</c>).</summary>
public sealed class FileSweepOptions
{
    /// <summary>Whether this node runs the sweeper (default true); several nodes may, the deletes are conditional.</summary>
    public bool Enabled { get; set; } = true;
    /// <summary>An unreferenced file younger than this is left alone: its user may still be filling in the form.</summary>
    public int OrphanAfterHours { get; set; } = 24;
    public int IntervalMinutes { get; set; } = 60;
    public int BatchSize { get; set; } = 500;
}

/// <summary>
/// Deletes stored files that nothing refers to: uploads staged with POST /api/files and never attached. Each file goes
/// with a conditional DELETE that checks the references again (and the modules' foreign keys refuse it if the file was
/// attached in between), and only then are its bytes removed, so a file in use is never lost.
/// </summary>
public sealed class FileSweeper(
    IDbContextFactory<SigapDb> dbs,
    IFileStore store,
    IEnumerable<IFileReferences> references,
    TimeProvider clock,
    FileSweepOptions options,
    ILogger<FileSweeper> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled) return;
        var interval = TimeSpan.FromMinutes(Math.Max(1, options.IntervalMinutes));
        await WorkerLoop.RunAsync("File sweep", async ct => (await SweepOnceAsync(ct)).Deleted >= options.BatchSize,
            ct => Task.Delay(interval, clock, ct), log, stoppingToken);
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
