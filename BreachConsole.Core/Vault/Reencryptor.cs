using System.Buffers.Binary;
using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Persistence;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Vault;

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
