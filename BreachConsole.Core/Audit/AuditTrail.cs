using System.Globalization;
using System.Text.Json;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Audit;

/// <summary>Filters of the auditor console and <c>GET /api/v1/audit</c>.</summary>
public sealed record AuditQuery(
    string? Actor = null,
    string? Action = null,
    string? Target = null,
    AuditOutcome? Outcome = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Page = 1,
    int PageSize = PageRequest.DefaultPageSize,
    string? HideRoutineOf = null) : PageRequest(Page, PageSize)
{
    /// <summary>The actions an auditor's "hide routine entries" leaves out: everyone's sign-ins and sign-outs.</summary>
    public static readonly string[] SignInActions = [AuditActions.SignIn, AuditActions.SignOut];

    /// <summary>...and the named auditor's own reads of the log (reading, verifying).</summary>
    public static readonly string[] OwnReadActions = [AuditActions.AuditRead, AuditActions.AuditVerified];
}

public sealed class AuditQueryValidator : AbstractValidator<AuditQuery>
{
    public AuditQueryValidator()
    {
        this.AddPagingRules(q => q);
        RuleFor(x => x.To).GreaterThanOrEqualTo(x => x.From).When(x => x.From is not null && x.To is not null)
            .WithMessage("'to' must not be before 'from'.");
        RuleFor(x => x.Actor).MaximumLength(200);
        RuleFor(x => x.Action).MaximumLength(100);
        RuleFor(x => x.Target).MaximumLength(300);
        RuleFor(x => x.Outcome).IsInEnum();
    }
}

public sealed record AuditEntryView(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Role,
    string Action,
    string Target,
    AuditOutcome Outcome,
    IReadOnlyDictionary<string, string> Details,
    string? CorrelationId,
    string Hash);

public sealed record AuditVerification(bool Valid, long Entries, long? FirstInvalidSequence, string? Problem, AuditHead Head);

public sealed record AuditHead(long Sequence, string Hash);

/// <summary>
/// The audit log's use cases: record, read (reads are themselves recorded), verify and export. Entries are PII-free by
/// construction: actors are staff, targets are ids and tokens, details are counts, states and rule names.
/// </summary>
public sealed class AuditTrail(IDbContextFactory<BreachConsoleDbContext> contexts, IValidator<AuditQuery> queryValidator, Vault.VaultKeyStore vault)
{
    /// <summary>Records an entry that has no state change to ride with (a sign-in, a refusal, a read).</summary>
    public async Task RecordAsync(AuditRecord record, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.AddAudit(record);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Records a refused attempt (wrong role, four-eyes violation) from any door: <paramref name="door"/> names where it
    /// came in (an HTTP route pattern or a console page and action), never a URL or a value.
    /// </summary>
    public Task RecordDeniedAsync(Actor actor, string door, string reason, string? correlationId = null) =>
        RecordAsync(new AuditRecord(actor.Name, actor.PrimaryRole, AuditActions.AccessDenied, door,
            AuditOutcome.Denied, new Dictionary<string, string> { ["reason"] = reason }, correlationId));

    public async Task<Page<AuditEntryView>> QueryAsync(Actor actor, AuditQuery query, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(Roles.Auditor);
        await queryValidator.ValidateAndThrowAsync(query, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var entries = await FilterAsync(db, query, cancellationToken);
        var total = await entries.CountAsync(cancellationToken);
        var rows = await entries.OrderByDescending(e => e.Sequence).Skip(query.Skip).Take(query.PageSize).ToListAsync(cancellationToken);

        db.AddAudit(new AuditRecord(actor.Name, role, AuditActions.AuditRead, "audit", Details: Describe(query)));
        await db.SaveChangesAsync(cancellationToken);
        return new Page<AuditEntryView>(rows.Select(ToView).ToList(), total);
    }

    /// <summary>
    /// How many entries were written after <paramref name="sequence"/> other than <paramref name="actor"/>'s own reads
    /// of the log: the audit page polls it to withdraw a "Chain valid" result that new entries have made stale. A count,
    /// not a read of entries, so it is not itself recorded.
    /// </summary>
    public async Task<long> CountNewSinceAsync(Actor actor, long sequence, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Auditor);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var me = actor.Name;
        var reads = AuditQuery.OwnReadActions.Append(AuditActions.AuditExported).ToArray();
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.Sequence > sequence && !(e.Actor == me && reads.Contains(e.Action)))
            .LongCountAsync(cancellationToken);
    }

    /// <summary>Walks the whole chain in sequence order and names the first entry that does not hold.</summary>
    public async Task<AuditVerification> VerifyAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(Roles.Auditor);
        var result = await VerifyChainAsync(cancellationToken);
        await RecordAsync(new AuditRecord(actor.Name, role, AuditActions.AuditVerified, "audit", result.Valid ? AuditOutcome.Success : AuditOutcome.Failed,
            new Dictionary<string, string>
            {
                ["valid"] = result.Valid ? "true" : "false",
                ["entries"] = result.Entries.ToString(CultureInfo.InvariantCulture),
                ["firstInvalidSequence"] = result.FirstInvalidSequence?.ToString(CultureInfo.InvariantCulture) ?? "",
            }), cancellationToken);
        return result;
    }

    /// <summary>
    /// The verification itself, without an actor: also used by the chain-head reporter and the benchmark. Every entry
    /// must follow its predecessor, match its hash and carry a valid seal under the vault's audit seal key; entries
    /// without a seal are accepted only as the prefix written before seals existed, closed by the sealed
    /// <see cref="AuditActions.AuditSealStarted"/> entry that names its length.
    /// </summary>
    public async Task<AuditVerification> VerifyChainAsync(CancellationToken cancellationToken = default)
    {
        var sealKey = (await vault.GetAsync(cancellationToken)).AuditSealKey;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Sequence, At, Actor, Role, Action, Target, Outcome, Details, CorrelationId, PreviousHash, Hash, Seal " +
                              "FROM AuditEntries ORDER BY Sequence";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);

        // One forward pass over the table; hashing reuses one buffer, so a million entries allocate little.
        var hasher = new AuditCanonical.Hasher();
        long expected = 1;
        var previous = AuditCanonical.GenesisHash;
        // The first entry of a run without seals, and the hash before it (what the verified head was then).
        (long Sequence, string PreviousHash)? unsealed = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var sequence = reader.GetInt64(0);
            var previousHash = reader.GetString(9);
            var hash = reader.GetString(10);
            var seal = reader.IsDBNull(11) ? null : reader.GetString(11);
            var problem = sequence != expected ? $"entry {expected} is missing"
                : !string.Equals(previousHash, previous, StringComparison.Ordinal) ? "the link to the previous entry is broken"
                : !hasher.Matches(hash, sequence, reader.GetInt64(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetString(5), reader.GetString(6), reader.GetString(7), reader.IsDBNull(8) ? null : reader.GetString(8), previousHash)
                    ? "the entry's content does not match its hash"
                : seal is not null && !AuditSeal.Matches(sealKey, hash, seal)
                    ? "the entry's seal does not match: it was written or rewritten without the audit key"
                    : null;
            if (problem is not null)
            {
                return new AuditVerification(false, expected - 1, expected, problem, new AuditHead(expected - 1, previous));
            }

            if (seal is null)
            {
                unsealed ??= (sequence, previousHash);
            }
            else if (unsealed is { } run)
            {
                // Only one unsealed run is legitimate: entries 1..n of a chain begun before seals, closed by this entry.
                var closesLegacyPrefix = run.Sequence == 1
                    && string.Equals(reader.GetString(4), AuditActions.AuditSealStarted, StringComparison.Ordinal)
                    && string.Equals(reader.GetString(7), AuditSeal.LegacyDetails(sequence - 1), StringComparison.Ordinal);
                if (!closesLegacyPrefix)
                {
                    return Unsealed(run);
                }

                unsealed = null;
            }

            previous = hash;
            expected++;
        }

        return unsealed is { } trailing
            ? Unsealed(trailing)
            : new AuditVerification(true, expected - 1, null, null, new AuditHead(expected - 1, previous));

        static AuditVerification Unsealed((long Sequence, string PreviousHash) run) =>
            new(false, run.Sequence - 1, run.Sequence, "the entry has no seal: it was written or rewritten without the audit key",
                new AuditHead(run.Sequence - 1, run.PreviousHash));
    }

    /// <summary>
    /// Start-up, once the vault's keys are loaded: a chain written before seals existed gets one sealed
    /// <see cref="AuditActions.AuditSealStarted"/> entry naming how many entries came before it, so verification
    /// accepts exactly that unsealed prefix (and a seal stripped from any later entry still shows). Does nothing on an
    /// empty or already sealed chain.
    /// </summary>
    internal async Task SealLegacyChainAsync(CancellationToken cancellationToken)
    {
        await vault.GetAsync(cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new { e.Sequence, e.Seal }).FirstOrDefaultAsync(cancellationToken);
        if (head is null || head.Seal is not null)
        {
            return;
        }

        db.AddAudit(new AuditRecord(Common.Actor.System.Name, "System", AuditActions.AuditSealStarted, "audit",
            Details: new Dictionary<string, string> { [AuditSeal.UnsealedThroughKey] = head.Sequence.ToString(CultureInfo.InvariantCulture) }));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AuditHead> HeadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var head = await db.AuditEntries.AsNoTracking().OrderByDescending(e => e.Sequence)
            .Select(e => new AuditHead(e.Sequence, e.Hash)).FirstOrDefaultAsync(cancellationToken);
        return head ?? new AuditHead(0, AuditCanonical.GenesisHash);
    }

    /// <summary>Streams the log (filtered or whole) as RFC 4180 CSV or a JSON array; records the export first.</summary>
    public async Task ExportAsync(Actor actor, AuditQuery query, AuditExportFormat format, Stream output, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(Roles.Auditor);
        await queryValidator.ValidateAndThrowAsync(query with { Page = 1, PageSize = 1 }, cancellationToken);
        var details = new Dictionary<string, string>(Describe(query)) { ["format"] = format.ToString() };
        await RecordAsync(new AuditRecord(actor.Name, role, AuditActions.AuditExported, "audit", Details: details), cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = (await FilterAsync(db, query, cancellationToken)).OrderBy(e => e.Sequence).AsAsyncEnumerable();
        if (format == AuditExportFormat.Csv)
        {
            await WriteCsvAsync(rows, output, cancellationToken);
        }
        else
        {
            await WriteJsonAsync(rows, output, cancellationToken);
        }
    }

    internal static async Task WriteCsvAsync(IAsyncEnumerable<AuditEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var csv = CsvExport.Create(output);
        await csv.WriteRowAsync(CsvHeader);
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            await csv.WriteRowAsync([
                e.Sequence.ToString(CultureInfo.InvariantCulture), e.At.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), e.Actor, e.Role,
                e.Action, e.Target, e.Outcome.ToString(), e.Details, e.CorrelationId, e.PreviousHash, e.Hash,
            ]);
        }

        await csv.FlushAsync();
    }

    private static readonly string[] CsvHeader =
        ["sequence", "at", "actor", "role", "action", "target", "outcome", "details", "correlationId", "previousHash", "hash"];

    private static async Task WriteJsonAsync(IAsyncEnumerable<AuditEntry> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output);
        json.WriteStartArray();
        var n = 0;
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteNumber("sequence", e.Sequence);
            json.WriteString("at", e.At);
            json.WriteString("actor", e.Actor);
            json.WriteString("role", e.Role);
            json.WriteString("action", e.Action);
            json.WriteString("target", e.Target);
            json.WriteString("outcome", e.Outcome.ToString());
            json.WritePropertyName("details");
            json.WriteRawValue(e.Details, skipInputValidation: true);
            json.WriteString("correlationId", e.CorrelationId);
            json.WriteString("previousHash", e.PreviousHash);
            json.WriteString("hash", e.Hash);
            json.WriteEndObject();
            if (++n % 1000 == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    internal static async Task<IQueryable<AuditEntry>> FilterAsync(BreachConsoleDbContext db, AuditQuery q, CancellationToken cancellationToken)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Actor))
        {
            entries = entries.Where(e => e.Actor == q.Actor);
        }

        if (!string.IsNullOrWhiteSpace(q.Action))
        {
            entries = entries.Where(e => e.Action == q.Action);
        }

        // Target is a prefix: "incident:" finds every incident's entries, "template:<id>:" every version of one template.
        // As a range over the ordinal order (not LIKE), so SQLite can still walk an index.
        if (!string.IsNullOrWhiteSpace(q.Target))
        {
            var prefix = q.Target;
            var after = prefix + '\uffff';
            entries = entries.Where(e => string.Compare(e.Target, prefix) >= 0 && string.Compare(e.Target, after) < 0);
        }

        if (!string.IsNullOrWhiteSpace(q.HideRoutineOf))
        {
            var me = q.HideRoutineOf;
            var signIns = AuditQuery.SignInActions;
            var reads = AuditQuery.OwnReadActions;
            entries = entries.Where(e => !signIns.Contains(e.Action) && !(e.Actor == me && reads.Contains(e.Action)));
        }

        if (q.Outcome is { } outcome)
        {
            entries = entries.Where(e => e.Outcome == outcome);
        }

        // Entry times never decrease along the chain, so a date range is the run of sequences between two index seeks.
        if (q.From is { } from)
        {
            var first = await db.AuditEntries.Where(e => e.At >= from).OrderBy(e => e.At).ThenBy(e => e.Sequence).Select(e => (long?)e.Sequence)
                .FirstOrDefaultAsync(cancellationToken) ?? long.MaxValue;
            entries = entries.Where(e => e.Sequence >= first);
        }

        if (q.To is { } to)
        {
            var last = await db.AuditEntries.Where(e => e.At <= to).OrderByDescending(e => e.At).ThenByDescending(e => e.Sequence).Select(e => (long?)e.Sequence)
                .FirstOrDefaultAsync(cancellationToken) ?? 0;
            entries = entries.Where(e => e.Sequence <= last);
        }

        return entries;
    }

    internal static AuditEntryView ToView(AuditEntry e) =>
        new(e.Sequence, e.At, e.Actor, e.Role, e.Action, e.Target, e.Outcome, ParseDetails(e.Details), e.CorrelationId, e.Hash);

    private static Dictionary<string, string> ParseDetails(string details)
    {
        try
        {
            return JsonSerializer.Deserialize<Dictionary<string, string>>(details) ?? [];
        }
        catch (JsonException)
        {
            return new Dictionary<string, string> { ["raw"] = details };
        }
    }

    private static Dictionary<string, string> Describe(AuditQuery q)
    {
        var d = new Dictionary<string, string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                d[key] = value;
            }
        }

        // Free-text filters are recorded as used, never with their value: a searched email must not become permanent here.
        var freeText = new[] { ("actor", q.Actor), ("action", q.Action), ("target", q.Target) }
            .Where(f => !string.IsNullOrEmpty(f.Item2)).Select(f => f.Item1).ToList();
        if (freeText.Count > 0)
        {
            d["filters"] = string.Join(",", freeText);
        }

        Add("outcome", q.Outcome?.ToString());
        Add("hideRoutine", q.HideRoutineOf is null ? null : "true");
        Add("from", q.From?.ToString("O", CultureInfo.InvariantCulture));
        Add("to", q.To?.ToString("O", CultureInfo.InvariantCulture));
        d["page"] = q.Page.ToString(CultureInfo.InvariantCulture);
        return d;
    }
}
