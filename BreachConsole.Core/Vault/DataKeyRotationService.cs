using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Vault;

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
