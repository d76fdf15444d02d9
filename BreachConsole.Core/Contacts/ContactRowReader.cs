using System.Globalization;
using BreachConsole.Core.Vault;
using CsvHelper;
using CsvHelper.Configuration;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// The reading stage: pulls up to <see cref="ContactImportService.BatchSize"/> records from the CSV, then checks,
/// tokenizes and encrypts them in parallel (one <see cref="FieldCipher"/> per worker). Only one batch is read at a time.
/// </summary>
internal sealed class ContactRowReader
{
    private bool _badData;

    public ContactRowReader(TextReader reader) =>
        Parser = new CsvParser(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            HasHeaderRecord = true,
            IgnoreBlankLines = false,
            DetectColumnCountChanges = false,
            MaxFieldSize = ContactImportService.MaxUnreadableFieldChars,
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
            catch (Exception ex) when (Utf8ValidatingStream.InvalidAt(ex) is { } offset)
            {
                throw ContactCsv.InvalidUtf8(offset);
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

        if (record.Length <= 1 && record.All(f => f.Length == 0))
        {
            problems.Add((ContactCsv.RowColumn, "is empty."));
            return new ProcessedRow(row, problems, null, null, null, null, null, null, null);
        }

        if (record.Length != headerLength)
        {
            problems.Add((ContactCsv.RowColumn, $"has {record.Length} fields; the header has {headerLength}."));
        }

        var oversized = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < record.Length; i++)
        {
            if (record[i].Length > ContactCsv.MaxFieldChars)
            {
                // A known column is named; any other only by its position (a header is never echoed back).
                var column = columns.FirstOrDefault(c => c.Value == i).Key;
                problems.Add(column is null
                    ? (ContactCsv.RowColumn, $"field {i + 1} is longer than {ContactCsv.MaxFieldChars} characters.")
                    : (column, $"is longer than {ContactCsv.MaxFieldChars} characters."));
                oversized.Add(column ?? "");
                record[i] = "";
            }
        }

        var valueProblems = ContactCsv.Validate(c => columns.TryGetValue(c, out var i) && i < record.Length ? record[i] : null, out var input);
        // A field cut for its length is reported once, not again as missing.
        problems.AddRange(valueProblems.Where(p => !oversized.Contains(p.Column)));
        if (problems.Count > 0 || input is null)
        {
            return new ProcessedRow(row, problems, null, null, null, null, null, null, null);
        }

        // Each value is bound to the contact's token: swapped between two rows, it no longer opens.
        var token = cipher.Token(input.CustomerId);
        return new ProcessedRow(row, null, input, token,
            cipher.Encrypt(input.CustomerId, FieldPurpose.CustomerId, token),
            cipher.Encrypt(input.FirstName, FieldPurpose.FirstName, token),
            cipher.EncryptOptional(input.LastName, FieldPurpose.LastName, token),
            cipher.EncryptOptional(input.Email, FieldPurpose.Email, token),
            cipher.EncryptOptional(input.Phone, FieldPurpose.Phone, token));
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

