using System.Globalization;

namespace BreachConsole.Core.Contacts;

/// <summary>
/// What an import has counted so far: accepted, rejected, duplicates, the reported errors and duplicate rows, and what is
/// committed. A duplicate row is named with the row it repeats (the customer's first row in this file), found through a
/// 64-bit digest of each accepted row's token (16 bytes a row: 16 MB for a million) — never through the customer id.
/// </summary>
internal sealed class ImportTally
{
    private readonly List<ImportError> _errors = [];
    private readonly List<ulong> _acceptedKeys = [];
    private readonly List<long> _acceptedRows = [];
    private readonly List<(long Row, ulong Key)> _duplicateRows = [];
    private long _omitted;
    private long _duplicatesOmitted;
    private long _committedAccepted;
    private long _committedDuplicates;

    public long Accepted { get; private set; }
    public long Rejected { get; private set; }
    public long Duplicates { get; private set; }
    public bool Finished { get; private set; }

    public void Accept(long row, string token)
    {
        Accepted++;
        _acceptedKeys.Add(Key(token));
        _acceptedRows.Add(row);
    }

    /// <summary>A row whose customer is already in the incident: earlier in this file, or from an earlier import.</summary>
    public void Duplicate(long row, string token)
    {
        Duplicates++;
        if (_duplicateRows.Count < ContactImportService.MaxReportedErrors)
        {
            _duplicateRows.Add((row, Key(token)));
        }
        else
        {
            _duplicatesOmitted++;
        }
    }

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
        return new ImportResult(Accepted, Rejected, Duplicates, _errors, _omitted, DuplicateRows(), _duplicatesOmitted);
    }

    /// <summary>Each reported duplicate with the first row of its customer in this file (null: the customer came from an earlier import).</summary>
    private List<ImportDuplicate> DuplicateRows()
    {
        var first = new Dictionary<ulong, long>(_duplicateRows.Count);
        foreach (var (_, key) in _duplicateRows)
        {
            first.TryAdd(key, 0);
        }

        // One pass over the accepted rows, which are in file order: a customer is accepted once, at its first row.
        for (var i = 0; i < _acceptedKeys.Count && first.Count > 0; i++)
        {
            if (first.TryGetValue(_acceptedKeys[i], out var row) && row == 0)
            {
                first[_acceptedKeys[i]] = _acceptedRows[i];
            }
        }

        return [.. _duplicateRows.Select(d => new ImportDuplicate(d.Row, first[d.Key] > 0 ? first[d.Key] : null))];
    }

    /// <summary>FNV-1a over the token (itself a keyed hash): two customers of one file share a digest with odds of about 1 in 10^7 per million rows.</summary>
    private static ulong Key(string token)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in token)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    private void Add(ImportError error)
    {
        if (_errors.Count < ContactImportService.MaxReportedErrors)
        {
            _errors.Add(error);
        }
        else
        {
            _omitted++;
        }
    }
}
