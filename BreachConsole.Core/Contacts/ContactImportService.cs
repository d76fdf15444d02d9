using System.Diagnostics;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// Imports affected customers from a contact CSV, streamed: rows are read, checked, tokenized, encrypted
/// (<see cref="ContactRowReader"/>) and inserted (<see cref="ContactBulkWriter"/>) in batches of <see cref="BatchSize"/>,
/// each batch in its own transaction, so a million-row file never sits in memory. The audit entry commits with the last
/// batch. A bad row is reported (row, column, reason — never the value) and the good rows are kept; a customer already
/// in the incident is a duplicate and is stored once. Bytes that are not UTF-8 stop the import with a 400 naming the
/// byte offset.
/// </summary>
public sealed class ContactImportService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    TimeProvider time,
    ILogger<ContactImportService> logger)
{
    public const int BatchSize = 2_000;
    public const int MaxReportedErrors = 10_000;

    /// <summary>
    /// The largest contact file accepted, by the API and the Import page alike (a million rows is ~150 MB); it is
    /// streamed, never buffered.
    /// </summary>
    public const long MaxImportBytes = 4L * 1024 * 1024 * 1024;

    /// <summary>
    /// A field longer than this (characters) cannot be read at all and stops the import: a guard against a file that is
    /// one endless cell. Anything over <see cref="ContactCsv.MaxFieldChars"/> but under this is an ordinary row error.
    /// </summary>
    public const int MaxUnreadableFieldChars = 16 * 1024 * 1024;

    public async Task<ImportResult> ImportAsync(Actor actor, Guid incidentId, Stream csv, IProgress<ImportProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        return await ImportWithoutRoleCheckAsync(actor, incidentId, csv, progress, cancellationToken);
    }

    /// <summary><see cref="ImportAsync"/> without its role check: only for the demo seed, which runs as the system.</summary>
    internal async Task<ImportResult> ImportWithoutRoleCheckAsync(Actor actor, Guid incidentId, Stream csv, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Incidents.AnyAsync(i => i.Id == incidentId, cancellationToken))
        {
            throw new NotFoundException("Incident", incidentId);
        }

        // While this import runs, a data-key rotation's re-encryption does not retire the key it encrypts with.
        using var lease = keys.EncryptionLease();
        var keySet = await keys.GetAsync(cancellationToken);
        var counting = new CountingStream(csv);
        await using var utf8 = new Utf8ValidatingStream(counting);
        using var text = new StreamReader(utf8, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var source = new ContactRowReader(text);
        using var parser = source.Parser;

        var (header, columns) = await ContactCsv.ReadHeaderAsync(parser);
        source.ClearBadData();
        var tally = new ImportTally();

        await ContactBulkWriter.TuneAsync(db, cancellationToken);
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        AuditedTransaction? audited = null;
        Task<Batch>? pending = null;
        long row = 1;
        try
        {
            using var writer = ContactBulkWriter.Open(db, transaction, incidentId, time.GetUtcNow(), $"import:{actor.Name}");

            // Two stages: while this thread inserts batch k, the next batch is read, checked and encrypted (in parallel).
            Task<Batch> next = Task.Run(() => source.NextBatchAsync(header.Length, columns, keySet, cancellationToken), cancellationToken);
            pending = next;
            while (true)
            {
                var batch = await next;
                pending = null;
                if (!batch.Last)
                {
                    next = Task.Run(() => source.NextBatchAsync(header.Length, columns, keySet, cancellationToken), cancellationToken);
                    pending = next;
                }
                else
                {
                    // The last batch commits with the audit entry, so its transaction takes the audit chain's lock before
                    // the database's (as every audited transaction does): the empty one opened for it is swapped.
                    await transaction.CommitAsync(cancellationToken);
                    await transaction.DisposeAsync();
                    audited = await db.BeginAuditedTransactionAsync(cancellationToken);
                    transaction = db.Database.CurrentTransaction!;
                    writer.Enlist(transaction);
                }

                foreach (var item in batch.Rows)
                {
                    row = item.Row;
                    if (item.Problems is { Count: > 0 } problems)
                    {
                        tally.Reject(item.Row, problems);
                    }
                    else if (writer.Write(item))
                    {
                        tally.Accept(item.Row, item.Token!);
                    }
                    else
                    {
                        tally.Duplicate(item.Row, item.Token!);
                    }
                }

                if (batch.Stopped is { } stop)
                {
                    // CsvHelper's message quotes the raw record: only the exception type is kept.
                    tally.StoppedAt(stop.Row, $"The file could not be read past this row ({Describe(stop.Error)}); the rows before it were imported.");
                    Log.ImportStopped(logger, incidentId, stop.Row, stop.Error.GetType().Name);
                }

                if (batch.Last)
                {
                    break;
                }

                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                tally.Commit();
                Log.BatchCommitted(logger, incidentId, row);
                progress?.Report(tally.Progress(row - 1, counting.BytesRead));
                transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                writer.Enlist(transaction);
            }

            // The audit entry commits with the last batch: an import that ends normally is never missing from the trail.
            db.AddAudit(actor, AuditActions.ContactsImported, IncidentService.IncidentTarget(incidentId), tally.AuditDetails(), roles: Roles.Operations);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            tally.Commit();
            progress?.Report(tally.Progress(source.Rows, counting.BytesRead));
            var elapsed = Stopwatch.GetElapsedTime(started);
            Log.Imported(logger, incidentId, tally.Accepted, tally.Rejected, tally.Duplicates, (long)elapsed.TotalMilliseconds);
            var result = tally.Result();
            ImportMetrics.Completed(result, elapsed);
            return result;
        }
        catch (Exception) when (!tally.Finished)
        {
            // Cancelled or failed mid-file: the open batch rolls back; the batches already committed stay, and the trail says so.
            if (pending is not null)
            {
                try
                {
                    await pending;
                }
                catch (Exception)
                {
                    // The reader stops with the import; its own error is the same or a consequence.
                }
            }

            try
            {
                await transaction.RollbackAsync(CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // Already committed or never started: nothing open to roll back.
            }

            await RecordFailureAsync(actor, incidentId, tally);
            throw;
        }
        finally
        {
            await transaction.DisposeAsync();
            if (audited is not null)
            {
                await audited.DisposeAsync();
            }

            await ContactBulkWriter.UntuneAsync(db);
            ContactBulkWriter.ReleaseMemoryAfter(tally.Accepted + tally.Rejected + tally.Duplicates);
        }
    }

    private async Task RecordFailureAsync(Actor actor, Guid incidentId, ImportTally tally)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.AddAudit(actor, AuditActions.ContactsImported, IncidentService.IncidentTarget(incidentId), tally.CommittedDetails(),
            AuditOutcome.Failed, Roles.Operations);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static string Describe(Exception ex) => ex switch
    {
        MaxFieldSizeException => $"a field is longer than {MaxUnreadableFieldChars:N0} characters",
        _ => "malformed CSV",
    };
}
