using System.Globalization;

namespace BreachConsole.Core.Contacts;

/// <summary>What an import has counted so far: accepted, rejected, duplicates, the reported errors, and what is committed.</summary>
internal sealed class ImportTally
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
