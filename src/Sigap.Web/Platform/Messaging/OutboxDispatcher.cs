using Microsoft.EntityFrameworkCore;
using Sigap.Web.Platform.Jobs;
using Sigap.Web.Platform.Persistence;

namespace Sigap.Web.Platform.Messaging;

/// <summary>Dispatcher settings (<c>Messaging:*</c>).</summary>
public sealed class MessagingOptions
{
    /// <summary>Whether this node runs the background dispatcher (<c>Messaging:Enabled</c>, default true).</summary>
    public bool Enabled { get; set; } = true;
    public int PollIntervalMs { get; set; } = 2000;
    public int MaxAttempts { get; set; } = 8;
    /// <summary>Wait after the first failed attempt; doubled after each further one, up to <see cref="BackoffMaxMs"/>.</summary>
    public int BackoffBaseMs { get; set; } = 30_000;
    public int BackoffMaxMs { get; set; } = 3_600_000;
    /// <summary>How long a claimed message stays reserved for its dispatcher; it must outlast one send (provider timeouts are 30 s).</summary>
    public int LeaseSeconds { get; set; } = 120;
    public int BatchSize { get; set; } = 20;
}

/// <summary>
/// Drains the outbox on every node. A message is claimed with a conditional UPDATE (lease free → set our token and
/// lease), so two dispatchers never send it at the same time; a node that dies after claiming leaves a lease that
/// expires, and the message is retried rather than lost. The provider gets the idempotency key, so a retry after such
/// a crash can be de-duplicated downstream. Every try is recorded as an <see cref="OutboxAttempt"/>.
/// </summary>
public sealed class OutboxDispatcher(
    IDbContextFactory<SigapDb> dbs,
    IEnumerable<IMessageSender> senders,
    OutboxSignal signal,
    TimeProvider clock,
    MessagingOptions options,
    ILogger<OutboxDispatcher> log) : BackgroundService
{
    private readonly Dictionary<MessageChannel, IMessageSender> _senders = senders.GroupBy(s => s.Channel).ToDictionary(g => g.Key, g => g.Last());

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Enabled)
        {
            log.LogInformation("Outbox dispatcher disabled on this node (Messaging:Enabled=false).");
            return;
        }
        var interval = TimeSpan.FromMilliseconds(Math.Max(10, options.PollIntervalMs));
        await WorkerLoop.RunAsync("Outbox dispatch", async ct => await DispatchOnceAsync(ct) >= options.BatchSize,
            ct => signal.WaitAsync(interval, clock, ct), log, stoppingToken);
    }

    /// <summary>One pass: claims due messages one by one and sends those it won. Returns how many candidates it saw.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<Guid> due;
        await using (var db = await dbs.CreateDbContextAsync(ct))
        {
            due = await db.Outbox.AsNoTracking()
                .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
                .OrderBy(m => m.NextAttemptAt)
                .Select(m => m.Id)
                .Take(options.BatchSize)
                .ToListAsync(ct);
        }
        foreach (var id in due)
        {
            ct.ThrowIfCancellationRequested();
            var token = Guid.NewGuid();
            if (await TryClaimAsync(id, token, ct))
                await SendClaimedAsync(id, token, ct);
        }
        return due.Count;
    }

    private async Task<bool> TryClaimAsync(Guid id, Guid token, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        DateTimeOffset? lease = now.AddSeconds(options.LeaseSeconds);
        Guid? lockToken = token;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var claimed = await db.Outbox
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LockToken, lockToken).SetProperty(m => m.LockedUntil, lease), ct);
        return claimed == 1;
    }

    private async Task SendClaimedAsync(Guid id, Guid token, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var message = await db.Outbox.SingleOrDefaultAsync(m => m.Id == id && m.LockToken == token, ct);
        if (message is null) return; // the lease was lost in between

        string? providerId = null;
        string? error = null;
        var permanent = false;
        try
        {
            if (!_senders.TryGetValue(message.Channel, out var sender))
                throw new MessageSendException($"No sender registered for channel {message.Channel}.", permanent: true);
            providerId = await sender.SendAsync(message, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Shutting down mid-send: the lease expires and another pass retries (the provider may de-duplicate by key).
            throw;
        }
        catch (MessageSendException ex)
        {
            error = ex.Message;
            permanent = ex.Permanent;
        }
        catch (Exception ex)
        {
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        var now = clock.GetUtcNow();
        message.Attempts++;
        message.LockToken = null;
        message.LockedUntil = null;
        db.OutboxAttempts.Add(new OutboxAttempt
        {
            Id = Guid.CreateVersion7(),
            MessageId = message.Id,
            Number = message.Attempts,
            At = now,
            Succeeded = error is null,
            Error = Truncate(error),
            ProviderMessageId = providerId,
        });
        if (error is null)
        {
            message.Status = OutboxStatus.Sent;
            message.SentAt = now;
            message.ProviderMessageId = providerId;
            message.LastError = null;
        }
        else
        {
            message.LastError = Truncate(error);
            if (permanent || message.Attempts >= options.MaxAttempts)
            {
                message.Status = OutboxStatus.Failed;
                log.LogWarning("Outbox message {Id} ({Channel}) failed for good after {Attempts} attempt(s): {Error}", message.Id, message.Channel, message.Attempts, error);
            }
            else
            {
                message.NextAttemptAt = now + Backoff(message.Attempts);
                log.LogInformation("Outbox message {Id} ({Channel}) attempt {Attempt} failed, retrying at {Next}: {Error}", message.Id, message.Channel, message.Attempts, message.NextAttemptAt, error);
            }
        }
        try
        {
            // LockToken is a concurrency token: if our lease expired and another dispatcher took over, this save fails
            // instead of overwriting its state.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateConcurrencyException)
        {
            log.LogWarning("Outbox message {Id}: lease expired before its result was recorded (lease {Lease} s is too short?).", message.Id, options.LeaseSeconds);
        }
    }

    /// <summary>Base × 2^(n−1), capped: 30 s, 1 min, 2 min… with the defaults.</summary>
    public TimeSpan Backoff(int failedAttempts)
    {
        var ms = options.BackoffBaseMs * Math.Pow(2, Math.Max(0, failedAttempts - 1));
        return TimeSpan.FromMilliseconds(Math.Min(ms, options.BackoffMaxMs));
    }

    private static string? Truncate(string? text) => text is { Length: > 2000 } ? text[..2000] : text;
}
