using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Campaigns;

/// <summary>Where a campaign is in its life (contract.md).</summary>
public enum CampaignState
{
    Draft,
    AwaitingApproval,
    Approved,
    Running,
    Paused,
    Completed,
    Cancelled,
}

/// <summary>
/// One notice wave of an incident: which template name it sends, who prepared, approved and launched it, what the
/// approval saw (<see cref="ApprovalHash"/>), and the launch-time counts. Delivery state lives in the outbox
/// (<see cref="OutboxBatch"/>, <see cref="OutboxItem"/>) and per channel in <see cref="CampaignChannelState"/>.
/// </summary>
public sealed class Campaign
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public required string Name { get; set; }
    public required string TemplateName { get; set; }
    public CampaignState State { get; set; } = CampaignState.Draft;
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The last preflight: when, by whom, its hash (audience + template versions) and whether it was ready.</summary>
    public DateTimeOffset? PreflightAt { get; set; }
    public string? PreflightBy { get; set; }
    public string? PreflightHash { get; set; }
    public bool PreflightReady { get; set; }

    /// <summary>The last preflight's figures as JSON (<see cref="PreflightResult"/>), shown until the next one.</summary>
    public string? PreflightJson { get; set; }

    public string? SubmittedBy { get; set; }
    public string? SubmittedById { get; set; }
    public DateTimeOffset? SubmittedAt { get; set; }
    public string? ApprovedBy { get; set; }
    public string? ApprovedById { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }

    /// <summary>The preflight hash the approver saw; a launch whose fresh preflight differs is refused.</summary>
    public string? ApprovalHash { get; set; }

    /// <summary>
    /// Cheap stamps of what the submission saw: the incident's contact count and highest id (an import changes them), the
    /// newest preference change among its contacts, and the approved template versions. A changed stamp triggers a fresh
    /// preflight; a changed audience voids the approval.
    /// </summary>
    public int StampContactCount { get; set; }
    public long StampMaxContactId { get; set; }
    public DateTimeOffset? StampPreferencesAt { get; set; }
    public string? StampTemplates { get; set; }

    /// <summary>The template versions the launch used, (channel, locale) → version, as JSON.</summary>
    public string? TemplateMapJson { get; set; }

    /// <summary>Why the last submission or approval was voided (an import, a preference change, a new template version).</summary>
    public string? VoidReason { get; set; }
    public DateTimeOffset? VoidedAt { get; set; }

    public string? LaunchedBy { get; set; }
    public DateTimeOffset? LaunchedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? CancelledAt { get; set; }
    public DateTimeOffset? SlaBreachedAt { get; set; }

    /// <summary>Launch-time audience: every contact, and those suppressed or blocked then.</summary>
    public int LaunchTotal { get; set; }
    public int LaunchSuppressed { get; set; }
    public int LaunchBlocked { get; set; }

    /// <summary>The planner's cursor: outbox rows exist for every contact with an id up to this one.</summary>
    public long PlannedThroughContactId { get; set; }
    public bool PlanningComplete { get; set; }
    public int PlannedSuppressed { get; set; }
    public int PlannedBlocked { get; set; }
    public int PlannedEligible { get; set; }

    /// <summary>Contacts whose service-alert opt-out arrived after launch (re-checked per batch at send time).</summary>
    public int SendTimeSuppressed { get; set; }

    /// <summary>The console instance driving the Genesys side of this campaign (planning, setup, polling), and until when.</summary>
    public string? DriverOwner { get; set; }
    public DateTimeOffset? DriverLeaseUntil { get; set; }

    /// <summary>Bumped on every change: two writers (two console instances) cannot both win.</summary>
    public int Revision { get; set; }
}

/// <summary>The Genesys side of one channel of a campaign: its contact list and (messaging or voice) campaign.</summary>
public sealed class CampaignChannelState
{
    public Guid CampaignId { get; set; }
    public Channel Channel { get; set; }
    public string? ContactListId { get; set; }
    public string? GenesysCampaignId { get; set; }
    public bool AlwaysRunningSet { get; set; }
    public bool Started { get; set; }

    /// <summary>Stopped in Genesys because the campaign was paused or cancelled.</summary>
    public bool Stopped { get; set; }

    /// <summary><c>alwaysRunning</c> turned off after the last batch: Genesys completes the campaign when the list is exhausted.</summary>
    public bool Finalized { get; set; }
    public bool Complete { get; set; }
    public int Uploaded { get; set; }
    public int Failed { get; set; }
    public long Delivered { get; set; }
    public long Skipped { get; set; }
    public string? GenesysStatus { get; set; }
    public DateTimeOffset? NotBefore { get; set; }
    public DateTimeOffset? CheckedAt { get; set; }
    public string? LastError { get; set; }
}

public enum BatchState
{
    Pending,

    /// <summary>Committed before the Genesys call: a crash here re-posts the same ids (an update, never a second message).</summary>
    Sending,
    Uploaded,
    Failed,
    Cancelled,
}

/// <summary>
/// A unit of upload: up to <c>Genesys:BatchSize</c> contacts of one channel. Claimed with an expiring lease (owner +
/// lease-until), so two console instances on one database never send the same batch at once, and a killed instance's
/// batch is taken over when its lease lapses.
/// </summary>
public sealed class OutboxBatch
{
    public long Id { get; set; }
    public Guid CampaignId { get; set; }
    public Channel Channel { get; set; }
    public BatchState State { get; set; }
    public int Size { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NotBefore { get; set; }
    public string? LeaseOwner { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public DateTimeOffset? UploadedAt { get; set; }
    public string? LastError { get; set; }
}

public enum OutboxItemState
{
    Pending,
    Uploaded,
    Delivered,
    Failed,
    Suppressed,
    Blocked,
    Cancelled,
}

/// <summary>One (campaign, contact, channel) notice with its deterministic Genesys contact id. No personal data.</summary>
public sealed class OutboxItem
{
    public long Id { get; set; }
    public Guid CampaignId { get; set; }
    public long? BatchId { get; set; }
    public long ContactId { get; set; }
    public required string Token { get; set; }
    public Channel? Channel { get; set; }
    public required string Locale { get; set; }
    public Guid? TemplateVersionId { get; set; }
    public string? GenesysContactId { get; set; }
    public OutboxItemState State { get; set; }

    /// <summary>Why it was not sent: <c>serviceAlertsOptOut</c>, <c>residency</c>, <c>noRoute</c>, <c>missingTemplate</c>, or a Genesys error code.</summary>
    public string? Reason { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A replayable answer to an idempotent request (<c>Idempotency-Key</c>), kept 24 hours.</summary>
public sealed class IdempotencyRecord
{
    public required string Key { get; set; }
    public int Status { get; set; }
    public required string Body { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
}

internal sealed class CampaignConfiguration : IEntityTypeConfiguration<Campaign>
{
    public void Configure(EntityTypeBuilder<Campaign> builder)
    {
        builder.ToTable("Campaigns");
        builder.HasKey(x => x.Id);
        builder.HasOne<Incident>().WithMany().HasForeignKey(x => x.IncidentId).OnDelete(DeleteBehavior.Restrict);
        builder.Property(x => x.Name).HasMaxLength(200).IsRequired();
        builder.Property(x => x.TemplateName).HasMaxLength(200).IsRequired();
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(20);
        builder.Property(x => x.Revision).IsConcurrencyToken();
        builder.Property(x => x.DriverOwner).HasMaxLength(100);
        builder.HasIndex(x => new { x.IncidentId, x.Name }).IsUnique();
        builder.HasIndex(x => x.State);
    }
}

internal sealed class CampaignChannelStateConfiguration : IEntityTypeConfiguration<CampaignChannelState>
{
    public void Configure(EntityTypeBuilder<CampaignChannelState> builder)
    {
        builder.ToTable("CampaignChannels");
        builder.HasKey(x => new { x.CampaignId, x.Channel });
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.LastError).HasMaxLength(300);
    }
}

internal sealed class OutboxBatchConfiguration : IEntityTypeConfiguration<OutboxBatch>
{
    public void Configure(EntityTypeBuilder<OutboxBatch> builder)
    {
        builder.ToTable("OutboxBatches");
        builder.HasKey(x => x.Id);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(x => x.LeaseOwner).HasMaxLength(100);
        builder.Property(x => x.LastError).HasMaxLength(300);
        builder.HasIndex(x => new { x.CampaignId, x.State, x.NotBefore });
    }
}

internal sealed class OutboxItemConfiguration : IEntityTypeConfiguration<OutboxItem>
{
    public void Configure(EntityTypeBuilder<OutboxItem> builder)
    {
        builder.ToTable("OutboxItems");
        builder.HasKey(x => x.Id);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.Property(x => x.Token).HasMaxLength(64).IsRequired();
        builder.Property(x => x.Channel).HasConversion<string>().HasMaxLength(10);
        builder.Property(x => x.Locale).HasMaxLength(35).IsRequired();
        builder.Property(x => x.GenesysContactId).HasMaxLength(64);
        builder.Property(x => x.State).HasConversion<string>().HasMaxLength(12);
        builder.Property(x => x.Reason).HasMaxLength(100);
        // One notice per contact per campaign, whatever retries or a second instance do.
        builder.HasIndex(x => new { x.CampaignId, x.ContactId }).IsUnique();
        builder.HasIndex(x => x.BatchId);
        builder.HasIndex(x => new { x.CampaignId, x.State });
    }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("IdempotencyRecords");
        builder.HasKey(x => x.Key);
        builder.Property(x => x.Key).HasMaxLength(300);
        builder.HasIndex(x => x.ExpiresAt);
    }
}
