using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Incidents;

/// <summary>Incident use cases, shared by the API and the Blazor pages.</summary>
public sealed class IncidentService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IValidator<CreateIncident> createValidator,
    IValidator<IncidentQuery> queryValidator,
    IValidator<SetAffectedCounts> countsValidator,
    IValidator<RecordIncidentDelay> delayValidator,
    IValidator<RecordDelayReason> reasonValidator,
    IValidator<SetNoticeFacts> factsValidator,
    RegulatoryClock clock,
    TimeProvider time)
{
    public static readonly string[] ReadRoles = [Roles.Operations, Roles.Legal, Roles.Auditor];

    /// <summary>Who records delays, delay reasons and affected counts: the people running the response and counsel.</summary>
    public static readonly string[] ClockRoles = [Roles.Operations, Roles.Legal];

    public async Task<IncidentDetails> CreateAsync(Actor actor, CreateIncident command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await createValidator.ValidateAndThrowAsync(command, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var externalRef = string.IsNullOrWhiteSpace(command.ExternalRef) ? null : command.ExternalRef.Trim();
        if (externalRef is not null && await db.Incidents.AnyAsync(i => i.ExternalRef == externalRef, cancellationToken))
        {
            throw new ConflictException($"An incident with external reference '{externalRef}' already exists.");
        }

        var now = time.GetUtcNow();
        var awareAt = command.AwareAt!.Value.ToUniversalTime();
        var incident = new Incident
        {
            Id = Guid.CreateVersion7(now),
            Title = command.Title!.Trim(),
            AwareAt = awareAt,
            DiscoveredAt = command.DiscoveredAt?.ToUniversalTime() ?? awareAt,
            DeterminedAt = command.DeterminedAt?.ToUniversalTime() ?? awareAt,
            Jurisdictions = [.. command.Jurisdictions!],
            DataElements = [.. command.DataElements!],
            AffectedCounts = command.AffectedCounts?.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal) ?? [],
            ExternalRef = externalRef,
            Description = Text(command.Description),
            BreachStart = command.BreachStart?.ToUniversalTime(),
            BreachEnd = command.BreachEnd?.ToUniversalTime(),
            CreatedBy = actor.Name,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Incidents.Add(incident);
        db.AddAudit(actor, AuditActions.IncidentCreated, IncidentTarget(incident.Id), WithFacts(incident, new Dictionary<string, string>
        {
            ["jurisdictions"] = string.Join(",", incident.Jurisdictions),
            ["dataElements"] = string.Join(",", incident.DataElements),
            ["externalRef"] = incident.ExternalRef ?? "",
            ["awareAt"] = Iso(incident.AwareAt),
            ["discoveredAt"] = Iso(incident.DiscoveredAt),
            ["determinedAt"] = Iso(incident.DeterminedAt),
            ["affectedCounts"] = CountsText(incident.AffectedCounts),
        }), roles: Roles.Operations);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 })
        {
            // Two creators raced past the check above (a webhook retried, say): the unique index decides.
            throw new ConflictException($"An incident with external reference '{externalRef}' already exists.");
        }

        return ToDetails(incident, await DerivedCountsAsync(db, incident, cancellationToken));
    }

    public async Task<Page<IncidentSummary>> ListAsync(Actor actor, IncidentQuery query, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        await queryValidator.ValidateAndThrowAsync(query, cancellationToken);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incidents = db.Incidents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.ExternalRef))
        {
            incidents = incidents.Where(i => i.ExternalRef == query.ExternalRef);
        }

        var total = await incidents.CountAsync(cancellationToken);
        var items = await incidents
            .OrderByDescending(i => i.CreatedAt)
            .Skip(query.Skip)
            .Take(query.PageSize)
            .Select(i => new IncidentSummary(i.Id, i.Title, i.ExternalRef, i.State, i.AwareAt, i.CreatedAt))
            .ToListAsync(cancellationToken);
        return new Page<IncidentSummary>(items, total);
    }

    public async Task<IncidentDetails> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(ReadRoles);
        return await LoadAsync(id, cancellationToken);
    }

    /// <summary>For Core's own readers (evidence pack, dispatch) that checked their caller already.</summary>
    internal async Task<IncidentDetails> LoadAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.AsNoTracking().FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
            ?? throw new NotFoundException("Incident", id);
        return ToDetails(incident, await DerivedCountsAsync(db, incident, cancellationToken));
    }

    /// <summary>Replace the entered affected counts; counts derived from contacts fill the jurisdictions left out.</summary>
    public async Task<IncidentDetails> SetAffectedCountsAsync(Actor actor, Guid id, SetAffectedCounts command, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(ClockRoles);
        await countsValidator.ValidateAndThrowAsync(command, cancellationToken);
        return await ChangeAsync(id, cancellationToken, (db, incident) =>
        {
            incident.AffectedCounts = command.Counts!.ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
            db.AddAudit(actor, AuditActions.IncidentAffectedCounts, IncidentTarget(id),
                new Dictionary<string, string> { ["counts"] = CountsText(incident.AffectedCounts) }, roles: role);
        });
    }

    /// <summary>
    /// Replace what the notice says about the breach: its description and period. Refused while a campaign of the
    /// incident is sending or paused (half its customers would read one text, half another); a campaign submitted or
    /// approved on the old facts is voided at its next check, as its approval saw them.
    /// </summary>
    public async Task<IncidentDetails> SetNoticeFactsAsync(Actor actor, Guid id, SetNoticeFacts command, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(ClockRoles);
        await factsValidator.ValidateAndThrowAsync(command, cancellationToken);
        await using (var read = await contexts.CreateDbContextAsync(cancellationToken))
        {
            if (await read.Campaigns.AnyAsync(c => c.IncidentId == id && (c.State == Campaigns.CampaignState.Running || c.State == Campaigns.CampaignState.Paused),
                    cancellationToken))
            {
                throw new ConflictException("A campaign of this incident is sending or paused: its notices print these facts, so they cannot change until it completes or is cancelled.");
            }
        }

        return await ChangeAsync(id, cancellationToken, (db, incident) =>
        {
            if (command.BreachStart is { } start && start > incident.AwareAt)
            {
                throw new ValidationException([new FluentValidation.Results.ValidationFailure("breachStart", NoticeFactRules.StartsAfterAwareness)]);
            }

            incident.Description = Text(command.Description);
            incident.BreachStart = command.BreachStart?.ToUniversalTime();
            incident.BreachEnd = command.BreachEnd?.ToUniversalTime();
            db.AddAudit(actor, AuditActions.IncidentNoticeFacts, IncidentTarget(id), WithFacts(incident, []), roles: role);
        });
    }

    /// <summary>Record a law-enforcement delay or Florida's written good-cause extension: the affected deadlines move.</summary>
    public async Task<IncidentDetails> RecordDelayAsync(Actor actor, Guid id, RecordIncidentDelay command, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(ClockRoles);
        await delayValidator.ValidateAndThrowAsync(command, cancellationToken);
        return await ChangeAsync(id, cancellationToken, (db, incident) =>
        {
            var jurisdictions = command.Jurisdictions?.ToList() ?? [];
            var outside = jurisdictions.Where(j => !incident.Jurisdictions.Contains(j, StringComparer.Ordinal)).ToList();
            if (outside.Count > 0)
            {
                throw new ConflictException($"The incident does not name {string.Join(", ", outside)}.");
            }

            if (command.Kind == IncidentDelayKind.FloridaExtension)
            {
                if (!incident.Jurisdictions.Contains("US-FL", StringComparer.Ordinal))
                {
                    throw new ConflictException("Florida's extension applies only to an incident that names US-FL.");
                }

                if (incident.Delays.Any(d => d.Kind == IncidentDelayKind.FloridaExtension))
                {
                    throw new ConflictException("Florida's 15-day extension is already recorded; the statute grants it once.");
                }

                jurisdictions = ["US-FL"];
            }

            var now = time.GetUtcNow();
            var delay = new IncidentDelay(Guid.CreateVersion7(now), command.Kind!.Value, command.RequestedBy?.Trim(),
                command.From?.ToUniversalTime(), command.To?.ToUniversalTime(), command.Reason?.Trim(), jurisdictions, actor.Name, now);
            incident.Delays = [.. incident.Delays, delay];
            db.AddAudit(actor, AuditActions.IncidentDelayRecorded, IncidentTarget(id), new Dictionary<string, string>
            {
                ["kind"] = delay.Kind.ToString(),
                ["requestedBy"] = delay.RequestedBy ?? "",
                ["from"] = delay.From is { } from ? Iso(from) : "",
                ["to"] = delay.To is { } to ? Iso(to) : "",
                ["jurisdictions"] = string.Join(",", delay.Jurisdictions),
                ["reasonSha256"] = Sha256(delay.Reason),
            }, roles: role);
        });
    }

    /// <summary>Record why a deadline passed without its notice; only for a deadline that is late, overdue or passed.</summary>
    public async Task<IncidentDetails> RecordDelayReasonAsync(Actor actor, Guid id, RecordDelayReason command, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(ClockRoles);
        await reasonValidator.ValidateAndThrowAsync(command, cancellationToken);
        return await ChangeAsync(id, cancellationToken, (db, incident) =>
        {
            var deadline = Deadlines(incident, EnteredOnly(incident)).FirstOrDefault(d => d.RuleId == command.RuleId)
                ?? throw new NotFoundException("Deadline rule", command.RuleId!);
            if (deadline.Status is not (DeadlineStatus.Late or DeadlineStatus.Overdue or DeadlineStatus.Passed))
            {
                throw new ConflictException($"The deadline {deadline.RuleId} is {deadline.Status}: a delay reason is recorded only for a late or overdue one.");
            }

            var now = time.GetUtcNow();
            incident.DelayReasons = [.. incident.DelayReasons, new DeadlineDelayReason(deadline.RuleId, command.Reason!.Trim(), actor.Name, now)];
            db.AddAudit(actor, AuditActions.IncidentDelayReason, IncidentTarget(id), new Dictionary<string, string>
            {
                ["ruleId"] = deadline.RuleId,
                ["status"] = deadline.Status.ToString(),
                ["reasonSha256"] = Sha256(command.Reason),
            }, roles: role);
        });
    }

    /// <summary>
    /// Records the first notice to individuals (the campaigns code calls this when an incident's first campaign completes),
    /// inside the caller's transaction: it changes <paramref name="db"/>'s tracked incident and stages the audit entry; the
    /// caller saves. A later call leaves the first time as it is. The caller has checked its actor's role.
    /// </summary>
    public async Task MarkIndividualNoticeSentAsync(BreachConsoleDbContext db, Guid incidentId, DateTimeOffset at, Actor actor,
        CancellationToken cancellationToken = default)
    {
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == incidentId, cancellationToken)
            ?? throw new NotFoundException("Incident", incidentId);
        if (incident.IndividualNoticeAt is not null)
        {
            return;
        }

        incident.IndividualNoticeAt = at.ToUniversalTime();
        incident.UpdatedAt = time.GetUtcNow();
        var late = Deadlines(incident, EnteredOnly(incident))
            .Where(d => d.Audience == DeadlineAudience.Individuals && d.Status == DeadlineStatus.Late).Select(d => d.RuleId);
        db.AddAudit(actor, AuditActions.IncidentIndividualNotice, IncidentTarget(incidentId), new Dictionary<string, string>
        {
            ["at"] = Iso(incident.IndividualNoticeAt.Value),
            ["lateDeadlines"] = string.Join(",", late),
        }, roles: Roles.Operations);
    }

    public static string IncidentTarget(Guid id) => $"incident:{id}";

    private async Task<IncidentDetails> ChangeAsync(Guid id, CancellationToken cancellationToken, Action<BreachConsoleDbContext, Incident> change)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var incident = await db.Incidents.FirstOrDefaultAsync(i => i.Id == id, cancellationToken) ?? throw new NotFoundException("Incident", id);
        change(db, incident);
        incident.UpdatedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return ToDetails(incident, await DerivedCountsAsync(db, incident, cancellationToken));
    }

    /// <summary>
    /// Affected people derived from the incident's contacts: per ISO 3166-2 region (the CSV's optional <c>region</c> column)
    /// and, for HIPAA, everyone imported. An entered count overrides a derived one.
    /// </summary>
    private static async Task<IReadOnlyList<AffectedCount>> DerivedCountsAsync(BreachConsoleDbContext db, Incident incident, CancellationToken cancellationToken)
    {
        var contacts = db.Contacts.AsNoTracking().Where(c => c.IncidentId == incident.Id);
        var byRegion = await contacts.Where(c => c.Region != null).GroupBy(c => c.Region!)
            .Select(g => new { Region = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var derived = byRegion.Where(r => incident.Jurisdictions.Contains(r.Region, StringComparer.Ordinal) || r.Region.StartsWith("US-", StringComparison.Ordinal))
            .ToDictionary(r => r.Region, r => r.Count, StringComparer.Ordinal);
        if (incident.Jurisdictions.Contains("US-HIPAA", StringComparer.Ordinal))
        {
            var total = await contacts.CountAsync(cancellationToken);
            if (total > 0)
            {
                derived["US-HIPAA"] = total;
            }
        }

        return Merge(incident, derived);
    }

    private static IReadOnlyList<AffectedCount> EnteredOnly(Incident incident) => Merge(incident, new Dictionary<string, int>());

    private static IReadOnlyList<AffectedCount> Merge(Incident incident, Dictionary<string, int> derived) =>
    [
        .. incident.AffectedCounts.Select(c => new AffectedCount(c.Key, c.Value, Entered: true)),
        .. derived.Where(d => !incident.AffectedCounts.ContainsKey(d.Key)).Select(d => new AffectedCount(d.Key, d.Value, Entered: false)),
    ];

    private IReadOnlyList<Deadline> Deadlines(Incident incident, IReadOnlyList<AffectedCount> counts) =>
        clock.DeadlinesFor(ClockFacts.Of(incident, counts.ToDictionary(c => c.Jurisdiction, c => c.Count, StringComparer.Ordinal)), time.GetUtcNow());

    private IncidentDetails ToDetails(Incident i, IReadOnlyList<AffectedCount> counts) =>
        new(i.Id, i.Title, i.AwareAt, i.Jurisdictions, i.DataElements, i.ExternalRef, i.State, i.CreatedBy, i.CreatedAt, i.UpdatedAt,
            Deadlines(i, counts))
        {
            DiscoveredAt = i.DiscoveredAt,
            DeterminedAt = i.DeterminedAt,
            IndividualNoticeAt = i.IndividualNoticeAt,
            Description = i.Description,
            BreachStart = i.BreachStart,
            BreachEnd = i.BreachEnd,
            Affected = [.. counts.OrderBy(c => c.Jurisdiction, StringComparer.Ordinal)],
            Delays = i.Delays,
            DelayReasons = i.DelayReasons,
            RulesReviewedOn = clock.ReviewedOn,
        };

    /// <summary>The notice facts as an audit entry holds them: the description by its hash and length (free text may name anyone), the period as times.</summary>
    private static Dictionary<string, string> WithFacts(Incident incident, Dictionary<string, string> details)
    {
        details["descriptionSha256"] = Sha256(incident.Description);
        details["descriptionLength"] = (incident.Description?.Length ?? 0).ToString(CultureInfo.InvariantCulture);
        details["breachStart"] = incident.BreachStart is { } start ? Iso(start) : "";
        details["breachEnd"] = incident.BreachEnd is { } end ? Iso(end) : "";
        return details;
    }

    private static string? Text(string? entered) => string.IsNullOrWhiteSpace(entered) ? null : entered.Trim();

    private static string Iso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string CountsText(IReadOnlyDictionary<string, int> counts) =>
        string.Join(",", counts.OrderBy(c => c.Key, StringComparer.Ordinal).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key}={c.Value}")));

    private static string Sha256(string? text) =>
        string.IsNullOrEmpty(text) ? "" : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.Trim())));
}
