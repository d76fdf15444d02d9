using System.Buffers.Binary;
using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Vault;

public enum ReencryptionState
{
    /// <summary>Moving rows to the new data key; resumes from <see cref="Reencryption.Cursor"/> after a restart.</summary>
    Running,

    /// <summary>Every envelope is under the new key and in the current format; the older encryption keys are deleted.</summary>
    Completed,

    /// <summary>A newer rotation took over before this one finished (its rows are moved by that one).</summary>
    Superseded,

    /// <summary>Only in <see cref="ReencryptionProgress"/>: no data-key rotation has run yet.</summary>
    None,
}

/// <summary>One data-key rotation and the re-encryption it started: the progress an operator or auditor sees.</summary>
public sealed class Reencryption
{
    public int Id { get; set; }

    /// <summary>The new data key every envelope is moved to.</summary>
    public int DataKeyId { get; set; }

    public ReencryptionState State { get; set; }

    /// <summary>The last contact id of the current pass that is done (0: the pass starts at the beginning).</summary>
    public long Cursor { get; set; }

    /// <summary>Contacts in the table when the rotation started (the progress bar's length; later imports use the new key).</summary>
    public long Total { get; set; }

    public long Scanned { get; set; }

    /// <summary>Envelopes rewritten (a contact has up to five).</summary>
    public long Rewritten { get; set; }

    /// <summary>Passes over the table: a second pass runs only when rows under an old key were committed during the first.</summary>
    public int Passes { get; set; } = 1;

    /// <summary>Encryption data keys deleted once nothing named them.</summary>
    public int RetiredDataKeys { get; set; }

    public required string StartedBy { get; set; }
    public DateTimeOffset StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

internal sealed class ReencryptionConfiguration : IEntityTypeConfiguration<Reencryption>
{
    public void Configure(EntityTypeBuilder<Reencryption> builder)
    {
        builder.ToTable("VaultReencryptions");
        builder.HasKey(x => x.Id);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.StartedBy).HasMaxLength(200);
        builder.HasIndex(x => x.State);
    }
}

public sealed record ReencryptionProgress(int Id, int DataKeyId, ReencryptionState State, long Total, long Scanned, long Rewritten, int Passes,
    int RetiredDataKeys, DateTimeOffset StartedAt, DateTimeOffset? CompletedAt);

/// <summary>
/// Data-key rotation. <see cref="RotateAsync"/> creates a new encryption data key (wrapped by the current KEK), which
/// every new envelope uses from then on, and records a <see cref="Reencryption"/>; <see cref="ReencryptionWorker"/>
/// moves every existing envelope to it in the background, batch by batch (each batch commits with its cursor, so a
/// restart resumes where it stopped), rewriting format-1 envelopes as row-bound format 2 on the way. When a final scan
/// finds no envelope under another key, the older encryption keys are deleted and the completion is audited.
/// Role: Operations, as for KEK rotation (<see cref="KeyRotationService"/>); Auditors read the progress.
/// </summary>
public sealed class DataKeyRotationService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    ReencryptionSignal signal,
    TimeProvider time)
{
    public async Task<ReencryptionProgress> RotateAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        // The key is saved on its own first. No explicit transaction around both saves: the audit chain's writer lock
        // must be taken before the database's write lock (as every other writer does), or two writers wait on each
        // other until SQLite's busy timeout. A crash between the two saves leaves an unused newest key, which simply
        // becomes current at the next start; the next rotation moves everything.
        var dataKey = await keys.AddEncryptionKeyAsync(db, cancellationToken);
        foreach (var running in await db.Reencryptions.Where(r => r.State == ReencryptionState.Running).ToListAsync(cancellationToken))
        {
            running.State = ReencryptionState.Superseded;
            running.CompletedAt = now;
        }

        var job = new Reencryption
        {
            DataKeyId = dataKey.Id,
            State = ReencryptionState.Running,
            Total = await db.Contacts.LongCountAsync(cancellationToken),
            StartedBy = actor.Name,
            StartedAt = now,
        };
        db.Reencryptions.Add(job);
        // The re-encryption and its audit entry commit together.
        db.AddAudit(actor, AuditActions.DataKeyRotated, $"data-key:{dataKey.Id}", new Dictionary<string, string>
        {
            ["contacts"] = job.Total.ToString(CultureInfo.InvariantCulture),
        }, roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);

        // New envelopes use the new key from now on; the worker moves the old ones.
        keys.Reload();
        signal.Wake();
        return Progress(job);
    }

    /// <summary>The latest rotation's re-encryption; state <see cref="ReencryptionState.None"/> (and the current key) when data keys were never rotated.</summary>
    public async Task<ReencryptionProgress> ProgressAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations, Roles.Auditor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var job = await db.Reencryptions.AsNoTracking().OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        return job is null
            ? new ReencryptionProgress(0, (await keys.GetAsync(cancellationToken)).CurrentKeyId, ReencryptionState.None, 0, 0, 0, 0, 0, default, null)
            : Progress(job);
    }

    internal static ReencryptionProgress Progress(Reencryption r) =>
        new(r.Id, r.DataKeyId, r.State, r.Total, r.Scanned, r.Rewritten, r.Passes, r.RetiredDataKeys, r.StartedAt, r.CompletedAt);
}

/// <summary>Wakes the re-encryption worker after a rotation (and lets tests wait for nothing: they run a pass directly).</summary>
public sealed class ReencryptionSignal : WakeSignal;

/// <summary>
/// Runs <see cref="Reencryptor"/> in the background: at start-up (a re-encryption interrupted by a restart continues
/// from its cursor), when a rotation signals, and every minute while one is unfinished.
/// </summary>
internal sealed partial class ReencryptionWorker(Reencryptor reencryptor, ReencryptionSignal signal, TimeProvider time, ILogger<ReencryptionWorker> logger)
    : BackgroundService
{
    private static readonly TimeSpan Retry = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await reencryptor.RunAsync(int.MaxValue, stoppingToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // The cursor is where the last committed batch left it; the next wake-up resumes from there.
                    LogPassFailed(logger, ex.GetType().Name);
                }

                await signal.WaitAsync(Retry, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down: the cursor holds the progress
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "A re-encryption batch failed ({ExceptionType}); it resumes from its cursor")]
    private static partial void LogPassFailed(ILogger logger, string exceptionType);
}

/// <summary>Moves envelopes to the current data key, batch by batch (<see cref="DataKeyRotationService"/>).</summary>
public sealed partial class Reencryptor(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    TimeProvider time,
    ILogger<Reencryptor> logger)
{
    public const int BatchSize = 500;
    private readonly SemaphoreSlim _pass = new(1, 1);

    /// <summary>
    /// Runs the pending re-encryption until it completes (or waits for an import to end), for at most
    /// <paramref name="maxBatches"/> batches. Returns its progress, or null when none was pending. One pass at a time.
    /// </summary>
    public async Task<ReencryptionProgress?> RunAsync(int maxBatches = int.MaxValue, CancellationToken cancellationToken = default)
    {
        await _pass.WaitAsync(cancellationToken);
        try
        {
            Reencryption? job = null;
            for (var batch = 0; batch < maxBatches; batch++)
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                job = await db.Reencryptions.Where(r => r.State == ReencryptionState.Running).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
                if (job is null)
                {
                    return null;
                }

                var set = await keys.GetAsync(cancellationToken);
                if (set.CurrentKeyId != job.DataKeyId)
                {
                    // Keys were loaded before this rotation committed (another process, or a reload raced): read them again.
                    keys.Reload();
                    set = await keys.GetAsync(cancellationToken);
                }

                var contacts = await db.Contacts.Where(c => c.Id > job.Cursor).OrderBy(c => c.Id).Take(BatchSize).ToListAsync(cancellationToken);
                if (contacts.Count == 0)
                {
                    if (!await FinishPassAsync(db, job, set, cancellationToken))
                    {
                        return DataKeyRotationService.Progress(job);
                    }

                    continue;
                }

                using (var cipher = set.OpenCipher())
                {
                    foreach (var contact in contacts)
                    {
                        job.Rewritten += Move(cipher, contact);
                    }
                }

                job.Cursor = contacts[^1].Id;
                job.Scanned += contacts.Count;
                await db.SaveChangesAsync(cancellationToken); // the batch and its cursor commit together
            }

            return job is null ? null : DataKeyRotationService.Progress(job);
        }
        finally
        {
            _pass.Release();
        }
    }

    private static int Move(FieldCipher cipher, Contact contact)
    {
        var moved = 0;
        byte[]? Rewrap(byte[]? envelope, string purpose)
        {
            if (envelope is null || cipher.IsCurrent(envelope))
            {
                return envelope;
            }

            moved++;
            return cipher.Encrypt(cipher.Decrypt(envelope, purpose, contact.Token), purpose, contact.Token);
        }

        contact.CustomerIdCipher = Rewrap(contact.CustomerIdCipher, FieldPurpose.CustomerId)!;
        contact.FirstNameCipher = Rewrap(contact.FirstNameCipher, FieldPurpose.FirstName)!;
        contact.LastNameCipher = Rewrap(contact.LastNameCipher, FieldPurpose.LastName);
        contact.EmailCipher = Rewrap(contact.EmailCipher, FieldPurpose.Email);
        contact.PhoneCipher = Rewrap(contact.PhoneCipher, FieldPurpose.Phone);
        return moved;
    }

    /// <summary>
    /// End of a pass: count envelopes not yet under the current key and format (rows an import wrote with the old key
    /// while the pass ran). Some: start another pass. None: retire the older encryption keys and complete, in one save
    /// with the audit entry. While an import that began before the rotation still runs, wait: it may yet write rows
    /// under the old key (an import starting now uses the new one). Returns whether to keep going now.
    /// </summary>
    private async Task<bool> FinishPassAsync(BreachConsoleDbContext db, Reencryption job, VaultKeySet set, CancellationToken cancellationToken)
    {
        if (keys.ActiveEncryptions > 0)
        {
            return false;
        }

        // No explicit transaction: the audit chain's writer lock must come before the database's write lock.
        var header = new byte[5];
        header[0] = FieldEnvelope.FormatVersion;
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(1), set.CurrentKeyId);
        var stale = await db.Database.SqlQueryRaw<long>(StaleEnvelopesSql, new SqliteParameter("$h", header)).SingleAsync(cancellationToken);
        if (stale > 0)
        {
            job.Cursor = 0;
            job.Passes++;
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }

        var retired = await db.DataKeys.Where(k => k.Purpose == DataKeyPurpose.Encryption && k.Id != set.CurrentKeyId).ToListAsync(cancellationToken);
        db.DataKeys.RemoveRange(retired);
        job.State = ReencryptionState.Completed;
        job.CompletedAt = time.GetUtcNow();
        job.RetiredDataKeys = retired.Count;
        db.AddAudit(Actor.System, AuditActions.DataKeyReencrypted, $"data-key:{job.DataKeyId}", new Dictionary<string, string>
        {
            ["reencryption"] = job.Id.ToString(CultureInfo.InvariantCulture),
            ["scanned"] = job.Scanned.ToString(CultureInfo.InvariantCulture),
            ["rewritten"] = job.Rewritten.ToString(CultureInfo.InvariantCulture),
            ["passes"] = job.Passes.ToString(CultureInfo.InvariantCulture),
            ["retiredDataKeys"] = string.Join(",", retired.Select(k => k.Id.ToString(CultureInfo.InvariantCulture))),
        });
        await db.SaveChangesAsync(cancellationToken);
        keys.Reload();
        LogCompleted(logger, job.Id, job.Rewritten, retired.Count);
        return false;
    }

    // A current envelope starts with the format byte and the current key id; any other prefix is stale.
    private const string StaleEnvelopesSql = """
        SELECT COUNT(*) AS "Value" FROM Contacts
        WHERE substr(CustomerIdCipher, 1, 5) <> $h OR substr(FirstNameCipher, 1, 5) <> $h
           OR (LastNameCipher IS NOT NULL AND substr(LastNameCipher, 1, 5) <> $h)
           OR (EmailCipher IS NOT NULL AND substr(EmailCipher, 1, 5) <> $h)
           OR (PhoneCipher IS NOT NULL AND substr(PhoneCipher, 1, 5) <> $h)
        """;

    [LoggerMessage(EventId = 3011, Level = LogLevel.Information, Message = "Re-encryption {ReencryptionId} completed: {Rewritten} envelopes rewritten, {Retired} data keys retired")]
    private static partial void LogCompleted(ILogger logger, int reencryptionId, long rewritten, int retired);
}
