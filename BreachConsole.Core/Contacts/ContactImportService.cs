using System.Diagnostics;
using System.Globalization;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using CsvHelper;
using CsvHelper.Configuration;
using FluentValidation;
using ValidationException = FluentValidation.ValidationException;
using FluentValidation.Results;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// Imports affected customers from a contact CSV, streamed: rows are read, checked, tokenized, encrypted and inserted in
/// batches of <see cref="BatchSize"/>, each batch in its own transaction, so a million-row file never sits in memory.
/// The audit entry commits with the last batch. A bad row is reported (row, column, reason — never the value) and the
/// good rows are kept; a customer already in the incident is a duplicate and is stored once.
/// </summary>
public sealed class ContactImportService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    TimeProvider time,
    ILogger<ContactImportService> logger)
{
    public const int BatchSize = 2_000;
    public const int MaxReportedErrors = 10_000;

    /// <summary>SQLite page cache for an import connection, in KiB.</summary>
    public const int ImportCacheKiB = 64 * 1024;

    /// <summary>A field longer than this (characters) stops the import: a guard against a file that is one endless cell.</summary>
    public const int MaxFieldChars = 16 * 1024 * 1024;

    private const string InsertContactSql = """
        INSERT INTO Contacts (IncidentId, Token, CustomerIdCipher, FirstNameCipher, LastNameCipher, EmailCipher, PhoneCipher, Country, Locale, Channel, ImportedAt)
        VALUES ($incident, $token, $customerId, $firstName, $lastName, $email, $phone, $country, $locale, $channel, $at)
        ON CONFLICT (IncidentId, Token) DO NOTHING
        """;

    // Opt-out columns seed a preference; they never overwrite one the customer (or an operator) already set.
    private const string SeedPreferenceSql = """
        INSERT INTO ContactPreferences (Token, OptOutMarketing, OptOutServiceAlerts, PreferredChannel, PreferredLanguage, UpdatedAt, UpdatedBy)
        VALUES ($token, $marketing, $serviceAlerts, NULL, NULL, $at, $by)
        ON CONFLICT (Token) DO NOTHING
        """;

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

        var keySet = await keys.GetAsync(cancellationToken);
        var counting = new CountingStream(csv);
        using var reader = new StreamReader(counting, new UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 64 * 1024, leaveOpen: true);
        var source = new RowSource(reader);
        using var parser = source.Parser;

        var (header, columns) = await ReadHeaderAsync(parser);
        source.ClearBadData();
        var state = new ImportState();
        var now = time.GetUtcNow();
        var incidentText = incidentId.ToString().ToUpperInvariant();

        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        // Tokens are uniformly random, so the unique (incident, token) index is written all over: a bigger page cache
        // than SQLite's 2 MB default keeps a million-row import from thrashing it.
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = $"PRAGMA cache_size = -{ImportCacheKiB};";
            await pragma.ExecuteNonQueryAsync(cancellationToken);
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        Task<Batch>? pending = null;
        long row = 1;
        try
        {
            using var insert = Command(connection, transaction, InsertContactSql,
                "$incident", "$token", "$customerId", "$firstName", "$lastName", "$email", "$phone", "$country", "$locale", "$channel", "$at");
            using var seed = Command(connection, transaction, SeedPreferenceSql, "$token", "$marketing", "$serviceAlerts", "$at", "$by");
            insert.Parameters["$incident"].Value = incidentText;
            insert.Parameters["$at"].Value = now.UtcTicks;
            seed.Parameters["$at"].Value = now.UtcTicks;
            seed.Parameters["$by"].Value = $"import:{actor.Name}";

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

                foreach (var item in batch.Rows)
                {
                    row = item.Row;
                    if (item.Problems is { Count: > 0 } problems)
                    {
                        state.Reject(item.Row, problems);
                        continue;
                    }

                    var input = item.Input!;
                    insert.Parameters["$token"].Value = item.Token;
                    insert.Parameters["$customerId"].Value = item.CustomerId;
                    insert.Parameters["$firstName"].Value = item.FirstName;
                    insert.Parameters["$lastName"].Value = (object?)item.LastName ?? DBNull.Value;
                    insert.Parameters["$email"].Value = (object?)item.Email ?? DBNull.Value;
                    insert.Parameters["$phone"].Value = (object?)item.Phone ?? DBNull.Value;
                    insert.Parameters["$country"].Value = input.Country;
                    insert.Parameters["$locale"].Value = input.Locale;
                    insert.Parameters["$channel"].Value = input.Channel.ToString();
                    if (insert.ExecuteNonQuery() == 0)
                    {
                        state.Duplicates++;
                    }
                    else
                    {
                        state.Accepted++;
                        if (input.OptOutMarketing is not null || input.OptOutServiceAlerts is not null)
                        {
                            seed.Parameters["$token"].Value = item.Token;
                            seed.Parameters["$marketing"].Value = input.OptOutMarketing ?? false;
                            seed.Parameters["$serviceAlerts"].Value = input.OptOutServiceAlerts ?? false;
                            seed.ExecuteNonQuery();
                        }
                    }
                }

                if (batch.Stopped is { } stop)
                {
                    // CsvHelper's message quotes the raw record: only the exception type is kept.
                    state.StoppedAt(stop.Row, $"The file could not be read past this row ({Describe(stop.Error)}); the rows before it were imported.");
                    Log.ImportStopped(logger, incidentId, stop.Row, stop.Error.GetType().Name);
                }

                if (batch.Last)
                {
                    break;
                }

                await transaction.CommitAsync(cancellationToken);
                await transaction.DisposeAsync();
                state.Commit();
                Log.BatchCommitted(logger, incidentId, row);
                progress?.Report(state.Progress(row - 1, counting.BytesRead));
                transaction = await db.Database.BeginTransactionAsync(cancellationToken);
                insert.Transaction = seed.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
            }

            // The audit entry commits with the last batch: an import that ends normally is never missing from the trail.
            db.AddAudit(actor, AuditActions.ContactsImported, IncidentService.IncidentTarget(incidentId), state.AuditDetails(), roles: Roles.Operations);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            state.Commit();
            progress?.Report(state.Progress(source.Rows, counting.BytesRead));
            var elapsed = Stopwatch.GetElapsedTime(started);
            Log.Imported(logger, incidentId, state.Accepted, state.Rejected, state.Duplicates, (long)elapsed.TotalMilliseconds);
            var result = state.Result();
            ImportMetrics.Completed(result, elapsed);
            return result;
        }
        catch (Exception) when (!state.Finished)
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

            await RecordFailureAsync(actor, incidentId, state);
            throw;
        }
        finally
        {
            await transaction.DisposeAsync();
        }
    }

    private async Task RecordFailureAsync(Actor actor, Guid incidentId, ImportState state)
    {
        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        db.AddAudit(actor, AuditActions.ContactsImported, IncidentService.IncidentTarget(incidentId), state.CommittedDetails(),
            AuditOutcome.Failed, Roles.Operations);
        await db.SaveChangesAsync(CancellationToken.None);
    }

    private static async Task<(string[] Header, Dictionary<string, int> Columns)> ReadHeaderAsync(CsvParser parser)
    {
        bool any;
        try
        {
            any = await parser.ReadAsync();
        }
        catch (CsvHelperException)
        {
            throw Invalid("body", "The header row could not be read as CSV.");
        }

        if (!any || parser.Record is not { } header || (header.Length <= 1 && header.All(f => f.Trim().Length == 0)))
        {
            throw Invalid("body", "The file is empty: a header row naming the columns is required.");
        }

        var columns = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var failures = new List<ValidationFailure>();
        var known = ContactCsv.Required.Concat(ContactCsv.Optional).ToDictionary(c => c, StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Length; i++)
        {
            var name = header[i].Trim().TrimStart('\uFEFF');
            // Unknown columns are ignored, and never named back: a header row could be a data row by mistake.
            if (known.TryGetValue(name, out var column) && !columns.TryAdd(column, i))
            {
                failures.Add(new ValidationFailure(column, $"The header row has the '{column}' column twice."));
            }
        }

        failures.AddRange(ContactCsv.Required.Where(c => !columns.ContainsKey(c))
            .Select(c => new ValidationFailure(c, $"The header row has no '{c}' column.")));
        if (failures.Count > 0)
        {
            throw new ValidationException(failures);
        }

        return (header, columns);
    }

    private static ValidationException Invalid(string property, string message) => new([new ValidationFailure(property, message)]);

    private static string Describe(Exception ex) => ex switch
    {
        MaxFieldSizeException => $"a field is longer than {MaxFieldChars:N0} characters",
        _ => "malformed CSV",
    };

    private static SqliteCommand Command(SqliteConnection connection, IDbContextTransaction transaction, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = (SqliteTransaction)transaction.GetDbTransaction();
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        return command;
    }

    private sealed class ImportState
    {
        private readonly List<ImportError> _errors = [];
        private long _omitted;
        private long _committedAccepted;
        private long _committedDuplicates;

        public long Accepted { get; set; }
        public long Rejected { get; private set; }
        public long Duplicates { get; set; }
        public bool Finished { get; private set; }

        public void Reject(long row, IEnumerable<(string Column, string Reason)> problems)
        {
            Rejected++;
            foreach (var (column, reason) in problems)
            {
                Add(new ImportError(row, column, reason));
            }
        }

        public void StoppedAt(long row, string reason) => Add(new ImportError(row, ContactCsv.RowColumn, reason));

        public void Commit()
        {
            _committedAccepted = Accepted;
            _committedDuplicates = Duplicates;
        }

        public ImportProgress Progress(long rows, long bytes) => new(rows, Accepted, Rejected, Duplicates, bytes);

        public Dictionary<string, string> AuditDetails() => new()
        {
            ["accepted"] = Accepted.ToString(CultureInfo.InvariantCulture),
            ["rejected"] = Rejected.ToString(CultureInfo.InvariantCulture),
            ["duplicates"] = Duplicates.ToString(CultureInfo.InvariantCulture),
        };

        public Dictionary<string, string> CommittedDetails() => new()
        {
            ["accepted"] = _committedAccepted.ToString(CultureInfo.InvariantCulture),
            ["duplicates"] = _committedDuplicates.ToString(CultureInfo.InvariantCulture),
            ["outcome"] = "stopped before the end of the file",
        };

        public ImportResult Result()
        {
            Finished = true;
            return new ImportResult(Accepted, Rejected, Duplicates, _errors, _omitted);
        }

        private void Add(ImportError error)
        {
            if (_errors.Count < MaxReportedErrors)
            {
                _errors.Add(error);
            }
            else
            {
                _omitted++;
            }
        }
    }
}

/// <summary>
/// The reading stage: pulls up to <see cref="ContactImportService.BatchSize"/> records from the CSV, then checks,
/// tokenizes and encrypts them in parallel (one <see cref="FieldCipher"/> per worker). Only one batch is read at a time.
/// </summary>
internal sealed class RowSource
{
    private bool _badData;

    public RowSource(TextReader reader) =>
        Parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            IgnoreBlankLines = false,
            DetectColumnCountChanges = false,
            MaxFieldSize = ContactImportService.MaxFieldChars,
            BadDataFound = _ => _badData = true,
        });

    public CsvParser Parser { get; }

    /// <summary>Forget a stray quote seen in the header, so it is not blamed on the first data row.</summary>
    public void ClearBadData() => _badData = false;

    /// <summary>Data rows read so far.</summary>
    public long Rows { get; private set; }

    public async Task<Batch> NextBatchAsync(int headerLength, IReadOnlyDictionary<string, int> columns, VaultKeySet keys, CancellationToken cancellationToken)
    {
        var records = new List<(long Row, string[] Record, bool BadData)>(ContactImportService.BatchSize);
        (long, Exception)? stopped = null;
        var last = false;
        while (records.Count < ContactImportService.BatchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool more;
            try
            {
                more = await Parser.ReadAsync();
            }
            catch (CsvHelperException ex)
            {
                stopped = (Rows + 2, ex);
                last = true;
                break;
            }

            if (!more)
            {
                last = true;
                break;
            }

            Rows++;
            records.Add((Rows + 1, Parser.Record ?? [], _badData));
            _badData = false;
        }

        var rows = new ProcessedRow[records.Count];
        Parallel.For(0, records.Count, new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount },
            keys.OpenCipher,
            (i, _, cipher) =>
            {
                rows[i] = Process(records[i], headerLength, columns, cipher);
                return cipher;
            },
            cipher => cipher.Dispose());
        return new Batch(rows, last, stopped);
    }

    private static ProcessedRow Process((long Row, string[] Record, bool BadData) source, int headerLength, IReadOnlyDictionary<string, int> columns, FieldCipher cipher)
    {
        var (row, record, badData) = source;
        var problems = new List<(string Column, string Reason)>();
        if (badData)
        {
            problems.Add((ContactCsv.RowColumn, "has a quote inside an unquoted field (RFC 4180: quote the whole field and double inner quotes)."));
        }

        ContactInput? input = null;
        if (record.Length <= 1 && record.All(f => f.Length == 0))
        {
            problems.Add((ContactCsv.RowColumn, "is empty."));
        }
        else
        {
            if (record.Length != headerLength)
            {
                problems.Add((ContactCsv.RowColumn, $"has {record.Length} fields; the header has {headerLength}."));
            }

            problems.AddRange(ContactCsv.Validate(c => columns.TryGetValue(c, out var i) && i < record.Length ? record[i] : null, out input));
        }

        if (problems.Count > 0 || input is null)
        {
            return new ProcessedRow(row, problems, null, null, null, null, null, null, null);
        }

        return new ProcessedRow(row, null, input, cipher.Token(input.CustomerId),
            cipher.Encrypt(input.CustomerId, FieldPurpose.CustomerId),
            cipher.Encrypt(input.FirstName, FieldPurpose.FirstName),
            cipher.EncryptOptional(input.LastName, FieldPurpose.LastName),
            cipher.EncryptOptional(input.Email, FieldPurpose.Email),
            cipher.EncryptOptional(input.Phone, FieldPurpose.Phone));
    }
}

/// <summary>A checked row: its problems, or its token and envelopes ready to insert.</summary>
internal sealed record ProcessedRow(
    long Row,
    List<(string Column, string Reason)>? Problems,
    ContactInput? Input,
    string? Token,
    byte[]? CustomerId,
    byte[]? FirstName,
    byte[]? LastName,
    byte[]? Email,
    byte[]? Phone);

/// <summary>Rows read together; <see cref="Last"/> when the file ended (or could not be read further: <see cref="Stopped"/>).</summary>
internal sealed record Batch(ProcessedRow[] Rows, bool Last, (long Row, Exception Error)? Stopped);

/// <summary>Counts the bytes read through it, for a progress bar; passes everything else to the inner stream.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _read;

    public long BytesRead => Interlocked.Read(ref _read);

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => BytesRead;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Counted(await inner.ReadAsync(buffer, cancellationToken));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private int Counted(int read)
    {
        Interlocked.Add(ref _read, read);
        return read;
    }
}
