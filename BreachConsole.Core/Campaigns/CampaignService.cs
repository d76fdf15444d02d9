using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Campaign use cases shared by the API and the pages: create, preflight, four-eyes submit/approve, launch (idempotent),
/// pause, resume, cancel. Every method re-checks role and state here; the UI hiding a button is a convenience.
/// </summary>
public sealed partial class CampaignService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    AudienceClassifier classifier,
    IValidator<CreateCampaign> createValidator,
    CampaignSignals signals,
    CampaignProgressNotifier progress,
    DeliveryHistory history,
    Templates.TemplateCoverage coverage,
    Microsoft.Extensions.Options.IOptions<NoticeOptions> notice,
    TimeProvider time)
{
    public static readonly TimeSpan IdempotencyLifetime = TimeSpan.FromHours(24);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string Target(Guid id) => $"campaign:{id}";

    public async Task<CampaignView> CreateAsync(Actor actor, Guid incidentId, CreateCampaign command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await createValidator.ValidateAndThrowAsync(command, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.Incidents.Where(i => i.Id == incidentId).Select(i => (Incidents.IncidentState?)i.State).FirstOrDefaultAsync(cancellationToken)
                    ?? throw new NotFoundException("Incident", incidentId);
        if (state is Incidents.IncidentState.Triage or Incidents.IncidentState.Dismissed)
        {
            throw new ConflictException($"A {state} incident has no campaigns: an operator confirms it first.");
        }

        var name = command.Name!.Trim();
        if (await db.Set<Campaign>().AnyAsync(c => c.IncidentId == incidentId && c.Name == name, cancellationToken))
        {
            throw new ConflictException($"The incident already has a campaign named '{name}'.");
        }

        var now = time.GetUtcNow();
        var campaign = new Campaign
        {
            Id = Guid.CreateVersion7(now),
            IncidentId = incidentId,
            Name = name,
            TemplateName = command.TemplateName!.Trim(),
            CreatedBy = actor.Name,
            CreatedAt = now,
        };
        db.Add(campaign);
        db.AddAudit(actor, AuditActions.CampaignCreated, Target(campaign.Id), new Dictionary<string, string>
        {
            ["incident"] = incidentId.ToString(),
            ["templateName"] = campaign.TemplateName,
        }, roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);
        return View(campaign);
    }

    public async Task<IReadOnlyList<CampaignView>> ListAsync(Actor actor, Guid? incidentId, CancellationToken cancellationToken = default)
    {
        actor.Require(CampaignRoles.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Set<Campaign>().AsNoTracking();
        if (incidentId is { } id)
        {
            query = query.Where(c => c.IncidentId == id);
        }

        var rows = await query.OrderByDescending(c => c.CreatedAt).Take(200).ToListAsync(cancellationToken);
        return [.. rows.Select(View)];
    }

    /// <summary>Template names with at least one approved version: what a new campaign can send.</summary>
    public async Task<IReadOnlyList<string>> TemplateNamesAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Templates.AsNoTracking()
            .Where(t => db.TemplateVersions.Any(v => v.TemplateId == t.Id && v.Status == Templates.TemplateStatus.Approved))
            .Select(t => t.Name).Distinct().OrderBy(n => n).ToListAsync(cancellationToken);
    }

    /// <summary>The campaign; an approval whose audience or template versions changed is voided first, visibly.</summary>
    public async Task<CampaignView> GetAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(CampaignRoles.Read);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await FindAsync(db, id, cancellationToken);
        if (campaign.State is CampaignState.AwaitingApproval or CampaignState.Approved)
        {
            await EnsureStillCurrentAsync(db, campaign, Actor.System, cancellationToken);
        }

        return View(campaign);
    }

    public async Task<PreflightResult> PreflightAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await FindAsync(db, id, cancellationToken);
        if (campaign.State is not (CampaignState.Draft or CampaignState.AwaitingApproval or CampaignState.Approved))
        {
            throw new ConflictException($"A {campaign.State} campaign is past preflight.");
        }

        var (result, _) = await RunPreflightAsync(campaign, cancellationToken);
        var previous = campaign.State == CampaignState.Draft ? null : campaign.ApprovalHash ?? campaign.PreflightHash;
        Record(campaign, result, actor.Name);
        db.AddAudit(actor, AuditActions.CampaignPreflight, Target(id), PreflightDetails(result), roles: Roles.Operations);
        if (previous is not null && previous != result.Hash)
        {
            Void(db, campaign, "the audience or template versions changed since submission", actor);
        }

        await db.SaveChangesAsync(cancellationToken);
        return result;
    }

    public async Task<CampaignView> SubmitAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await FindAsync(db, id, cancellationToken);
        if (campaign.State != CampaignState.Draft)
        {
            throw new ConflictException($"Only a Draft campaign can be submitted; this one is {campaign.State}.");
        }

        if (campaign.PreflightHash is null)
        {
            throw new ConflictException("Run preflight before submitting.");
        }

        var (result, stamps) = await RunPreflightAsync(campaign, cancellationToken);
        Record(campaign, result, actor.Name);
        if (!result.Ready)
        {
            await db.SaveChangesAsync(cancellationToken);
            throw new ConflictException(result.Audience == 0
                ? "Preflight is not ready: no contact can be reached."
                : result.MissingTemplates.Count > 0
                    ? $"Preflight is not ready: {result.MissingTemplates.Count} locale/channel combinations have no approved template."
                    : "Preflight is not ready: " + string.Join(" ", result.NotReady ?? []));
        }

        var now = time.GetUtcNow();
        campaign.State = CampaignState.AwaitingApproval;
        campaign.SubmittedBy = actor.Name;
        campaign.SubmittedById = actor.StableId;
        campaign.SubmittedAt = now;
        campaign.ApprovalHash = result.Hash;
        campaign.VoidReason = null;
        campaign.VoidedAt = null;
        stamps.ApplyTo(campaign);
        db.AddAudit(actor, AuditActions.CampaignSubmitted, Target(id), PreflightDetails(result), roles: Roles.Operations);
        await SaveAsync(db, cancellationToken);
        return View(campaign);
    }

    public async Task<CampaignView> ApproveAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await FindAsync(db, id, cancellationToken);
        if (campaign.State != CampaignState.AwaitingApproval)
        {
            throw new ConflictException($"Only a campaign awaiting approval can be approved; this one is {campaign.State}.");
        }

        if (actor.IsSamePerson(campaign.SubmittedById))
        {
            db.AddAudit(actor, AuditActions.CampaignApproved, Target(id), new Dictionary<string, string> { ["refused"] = "four-eyes" },
                AuditOutcome.Denied, Roles.Operations);
            await db.SaveChangesAsync(cancellationToken);
            throw new ForbiddenException("Four-eyes: a campaign is approved by an operator other than the one who submitted it.");
        }

        if (!await EnsureStillCurrentAsync(db, campaign, actor, cancellationToken))
        {
            throw new ConflictException($"The submission was voided ({campaign.VoidReason}); run preflight and submit again.");
        }

        campaign.State = CampaignState.Approved;
        campaign.ApprovedBy = actor.Name;
        campaign.ApprovedById = actor.StableId;
        campaign.ApprovedAt = time.GetUtcNow();
        db.AddAudit(actor, AuditActions.CampaignApproved, Target(id), new Dictionary<string, string>
        {
            ["hash"] = campaign.ApprovalHash ?? "",
            ["submittedBy"] = campaign.SubmittedBy ?? "",
        }, roles: Roles.Operations);
        await SaveAsync(db, cancellationToken);
        return View(campaign);
    }

    /// <summary>
    /// Launch: the same <paramref name="idempotencyKey"/> replays the first answer (status and body) for 24 hours; another
    /// launch of a launched campaign is a conflict. The approval must still cover the audience and template versions.
    /// </summary>
    public async Task<LaunchResult> LaunchAsync(Actor actor, Guid id, string idempotencyKey, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > 200)
        {
            throw new ValidationException([new FluentValidation.Results.ValidationFailure("Idempotency-Key",
                "The Idempotency-Key header is required (at most 200 characters).")]);
        }

        var key = $"campaign-launch:{id:N}:{idempotencyKey}";
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        if (await db.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key && r.ExpiresAt > now, cancellationToken) is { } replay)
        {
            return new LaunchResult(replay.Status, replay.Body);
        }

        var campaign = await FindAsync(db, id, cancellationToken);
        if (campaign.State != CampaignState.Approved)
        {
            throw new ConflictException(campaign.LaunchedAt is not null
                ? "The campaign was launched already."
                : $"Only an approved campaign can be launched; this one is {campaign.State}.");
        }

        if (!await EnsureStillCurrentAsync(db, campaign, actor, cancellationToken))
        {
            throw new ConflictException($"The approval was voided ({campaign.VoidReason}); run preflight, submit and approve again.");
        }

        var preflight = campaign.PreflightJson is null ? null : JsonSerializer.Deserialize<PreflightResult>(campaign.PreflightJson, Json);
        var templates = await classifier.LoadTemplatesAsync(campaign.TemplateName, cancellationToken);
        campaign.State = CampaignState.Running;
        campaign.LaunchedAt = now;
        campaign.LaunchedBy = actor.Name;
        campaign.LaunchTotal = preflight?.Total ?? 0;
        campaign.LaunchSuppressed = preflight?.Suppressed.ServiceAlertsOptOut ?? 0;
        campaign.LaunchBlocked = (preflight?.Blocked.Residency ?? 0) + (preflight?.Blocked.NoRoute ?? 0);
        campaign.TemplateMapJson = TemplateMapJson.Write(templates);
        var body = JsonSerializer.Serialize(View(campaign), Json);
        db.Add(new IdempotencyRecord { Key = key, Status = 202, Body = body, CreatedAt = now, ExpiresAt = now + IdempotencyLifetime });
        db.AddAudit(actor, AuditActions.CampaignLaunched, Target(id), new Dictionary<string, string>
        {
            ["audience"] = (preflight?.Audience ?? 0).ToString(CultureInfo.InvariantCulture),
            ["hash"] = campaign.ApprovalHash ?? "",
        }, roles: Roles.Operations);
        try
        {
            await SaveAsync(db, cancellationToken);
        }
        catch (ConflictException)
        {
            // Another launch won the race; if it carried the same key, its answer is ours.
            await using var again = await contexts.CreateDbContextAsync(cancellationToken);
            if (await again.Set<IdempotencyRecord>().AsNoTracking().FirstOrDefaultAsync(r => r.Key == key, cancellationToken) is { } won)
            {
                return new LaunchResult(won.Status, won.Body);
            }

            throw new ConflictException("The campaign was launched already.");
        }

        signals.Wake();
        progress.Notify(id);
        return new LaunchResult(202, body);
    }

    public async Task<CampaignProgressView> ProgressAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(CampaignRoles.Read);
        return await progress.GetAsync(id, cancellationToken);
    }

    /// <summary>Delivered and uploaded over time since launch, for the chart (roles as <see cref="ProgressAsync"/>).</summary>
    public async Task<IReadOnlyList<DeliveryPoint>> DeliveryHistoryAsync(Actor actor, Guid id, CancellationToken cancellationToken = default)
    {
        actor.Require(CampaignRoles.Read);
        return await history.ReadAsync(id, cancellationToken);
    }

    public Task<CampaignView> PauseAsync(Actor actor, Guid id, CancellationToken cancellationToken = default) =>
        TransitionAsync(actor, id, AuditActions.CampaignPaused, [CampaignState.Running], CampaignState.Paused, cancellationToken);

    public Task<CampaignView> ResumeAsync(Actor actor, Guid id, CancellationToken cancellationToken = default) =>
        TransitionAsync(actor, id, AuditActions.CampaignResumed, [CampaignState.Paused], CampaignState.Running, cancellationToken);

    public Task<CampaignView> CancelAsync(Actor actor, Guid id, CancellationToken cancellationToken = default) =>
        TransitionAsync(actor, id, AuditActions.CampaignCancelled,
            [CampaignState.Draft, CampaignState.AwaitingApproval, CampaignState.Approved, CampaignState.Running, CampaignState.Paused],
            CampaignState.Cancelled, cancellationToken);

    private async Task<CampaignView> TransitionAsync(Actor actor, Guid id, string action, CampaignState[] from, CampaignState to,
        CancellationToken cancellationToken)
    {
        actor.Require(Roles.Operations);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await FindAsync(db, id, cancellationToken);
        if (!from.Contains(campaign.State))
        {
            throw new ConflictException($"A {campaign.State} campaign cannot move to {to}.");
        }

        var was = campaign.State;
        campaign.State = to;
        if (to == CampaignState.Cancelled)
        {
            campaign.CancelledAt = time.GetUtcNow();
        }

        db.AddAudit(actor, action, Target(id), new Dictionary<string, string> { ["from"] = was.ToString() }, roles: Roles.Operations);
        await SaveAsync(db, cancellationToken);
        signals.Wake();
        progress.Notify(id);
        return View(campaign);
    }

    private static Dictionary<string, string> PreflightDetails(PreflightResult r) => new()
    {
        ["ready"] = r.Ready ? "true" : "false",
        ["audience"] = r.Audience.ToString(CultureInfo.InvariantCulture),
        ["suppressed"] = r.Suppressed.ServiceAlertsOptOut.ToString(CultureInfo.InvariantCulture),
        ["blockedResidency"] = r.Blocked.Residency.ToString(CultureInfo.InvariantCulture),
        ["blockedNoRoute"] = r.Blocked.NoRoute.ToString(CultureInfo.InvariantCulture),
        ["blockedNoElectronicConsent"] = r.Blocked.NoElectronicConsent.ToString(CultureInfo.InvariantCulture),
        ["uncoveredTemplates"] = (r.UncoveredTemplates?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
        ["templateFindings"] = (r.TemplateFindings?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
        ["missingTemplates"] = r.MissingTemplates.Count.ToString(CultureInfo.InvariantCulture),
        ["warnings"] = (r.Warnings?.Count ?? 0).ToString(CultureInfo.InvariantCulture),
        ["hash"] = r.Hash,
    };

    private static void Increment(Dictionary<string, int> counts, string key) => counts[key] = counts.GetValueOrDefault(key) + 1;

    internal static async Task<Campaign> FindAsync(BreachConsoleDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Set<Campaign>().FirstOrDefaultAsync(c => c.Id == id, cancellationToken) ?? throw new NotFoundException("Campaign", id);

    internal static async Task SaveAsync(BreachConsoleDbContext db, CancellationToken cancellationToken)
    {
        foreach (var entry in db.ChangeTracker.Entries<Campaign>().Where(e => e.State == EntityState.Modified))
        {
            entry.Entity.Revision++;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The campaign was changed by someone else at the same moment; reload and try again.");
        }
    }

    internal static PreflightResult? PreflightOf(Campaign campaign) =>
        campaign.PreflightJson is null ? null : JsonSerializer.Deserialize<PreflightResult>(campaign.PreflightJson, Json);

    public static CampaignView View(Campaign c) => new(c.Id, c.IncidentId, c.Name, c.TemplateName, c.State, c.CreatedBy, c.CreatedAt,
        PreflightOf(c), c.SubmittedBy, c.SubmittedAt, c.ApprovedBy, c.ApprovedAt, c.VoidReason is not null, c.VoidReason, c.VoidedAt,
        c.LaunchedBy, c.LaunchedAt, c.CompletedAt, c.CancelledAt, c.SlaBreachedAt is not null);
}

/// <summary>The launch's template versions as stored on the campaign.</summary>
internal static class TemplateMapJson
{
    private sealed record Entry(Channel Channel, string Locale, Guid TemplateId, Guid VersionId, int Version, string ContentHash);

    public static string Write(TemplateMap map) => JsonSerializer.Serialize(
        map.Versions.Select(v => new Entry(v.Key.Channel, v.Key.Locale, v.Value.TemplateId, v.Value.VersionId, v.Value.Version, v.Value.ContentHash)).ToList());

    public static TemplateMap Read(string? json) => new(
        (json is null ? [] : JsonSerializer.Deserialize<List<Entry>>(json) ?? [])
        .ToDictionary(e => (e.Channel, e.Locale), e => new TemplateRef(e.TemplateId, e.VersionId, e.Version, e.Locale, e.ContentHash)));
}
