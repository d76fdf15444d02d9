using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Turns a launched campaign's contacts into outbox rows a chunk at a time, so the first batch exists within a moment of
/// launch however large the audience. Each chunk (its batches, items and the campaign's cursor) commits in one
/// transaction guarded by the cursor's old value: a restart resumes at the cursor, and two instances never plan twice.
/// The first chunk is small (<see cref="FirstChunkSize"/>) so the Genesys side is set up and the first batch uploaded
/// within moments of launch, before the bulk of the audience is planned.
/// </summary>
public sealed class CampaignPlanner(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    AudienceClassifier classifier,
    IOptions<GenesysOptions> genesys,
    TimeProvider time)
{
    /// <summary>Contacts in a campaign's first planned chunk: a few batches, planned in milliseconds.</summary>
    public const int FirstChunkSize = 500;

    /// <summary>Plans the next chunk; false when planning is complete (or another instance planned this chunk).</summary>
    public async Task<bool> PlanNextChunkAsync(Campaign campaign, CancellationToken cancellationToken)
    {
        if (campaign.PlanningComplete)
        {
            return false;
        }

        var templates = TemplateMapJson.Read(campaign.TemplateMapJson);
        IReadOnlyList<ContactDecision>? chunk = null;
        var first = campaign.PlannedThroughContactId == 0;
        await foreach (var decisions in classifier.ClassifyAsync(campaign.IncidentId, templates, campaign.PlannedThroughContactId, cancellationToken,
            campaign.StampMaxContactId, first ? FirstChunkSize : AudienceClassifier.ChunkSize))
        {
            chunk = decisions;
            break;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var cursor = campaign.PlannedThroughContactId;
        if (chunk is null || chunk.Count == 0)
        {
            await db.Set<Campaign>().Where(c => c.Id == campaign.Id && c.PlannedThroughContactId == cursor && !c.PlanningComplete)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.PlanningComplete, true), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            campaign.PlanningComplete = true;
            return false;
        }

        var items = chunk.Select(d => new OutboxItem
        {
            CampaignId = campaign.Id,
            ContactId = d.ContactId,
            Token = d.Token,
            Channel = d.Channel,
            Locale = d.Locale,
            TemplateVersionId = d.Template?.VersionId,
            GenesysContactId = d.Kind == DecisionKind.Send ? GenesysContactIds.For(campaign.IncidentId, d.Token, d.Channel!.Value) : null,
            State = d.Kind switch
            {
                DecisionKind.Send => OutboxItemState.Pending,
                DecisionKind.Suppressed => OutboxItemState.Suppressed,
                _ => OutboxItemState.Blocked,
            },
            Reason = d.Reason,
            UpdatedAt = now,
        }).ToList();

        var batchSize = genesys.Value.BatchSize;
        var batches = new List<(OutboxBatch Batch, List<OutboxItem> Items)>();
        foreach (var byChannel in items.Where(i => i.State == OutboxItemState.Pending).GroupBy(i => i.Channel!.Value))
        {
            foreach (var part in byChannel.Chunk(batchSize))
            {
                batches.Add((new OutboxBatch
                {
                    CampaignId = campaign.Id,
                    Channel = byChannel.Key,
                    State = BatchState.Pending,
                    Size = part.Length,
                    NotBefore = now,
                }, [.. part]));
            }
        }

        try
        {
            return await WriteChunkAsync(db, transaction, campaign, chunk, items, batches, cursor, cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another instance wrote the same rows first (the unique (campaign, contact) index refused ours).
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }
    }

    private static async Task<bool> WriteChunkAsync(BreachConsoleDbContext db, Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction,
        Campaign campaign, IReadOnlyList<ContactDecision> chunk, List<OutboxItem> items, List<(OutboxBatch Batch, List<OutboxItem> Items)> batches,
        long cursor, CancellationToken cancellationToken)
    {
        db.AddRange(batches.Select(b => b.Batch));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (batch, batchItems) in batches)
        {
            batchItems.ForEach(i => i.BatchId = batch.Id);
        }

        db.AddRange(items);
        foreach (var channel in batches.Select(b => b.Batch.Channel).Distinct())
        {
            if (!await db.Set<CampaignChannelState>().AnyAsync(c => c.CampaignId == campaign.Id && c.Channel == channel, cancellationToken)
                && !db.ChangeTracker.Entries<CampaignChannelState>().Any(e => e.Entity.Channel == channel))
            {
                db.Add(new CampaignChannelState { CampaignId = campaign.Id, Channel = channel });
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        var last = chunk[^1].ContactId;
        int eligible = items.Count(i => i.State == OutboxItemState.Pending),
            suppressed = items.Count(i => i.State == OutboxItemState.Suppressed),
            blocked = items.Count(i => i.State == OutboxItemState.Blocked);
        var moved = await db.Set<Campaign>().Where(c => c.Id == campaign.Id && c.PlannedThroughContactId == cursor)
            .ExecuteUpdateAsync(s => s
                .SetProperty(c => c.PlannedThroughContactId, last)
                .SetProperty(c => c.PlannedEligible, c => c.PlannedEligible + eligible)
                .SetProperty(c => c.PlannedSuppressed, c => c.PlannedSuppressed + suppressed)
                .SetProperty(c => c.PlannedBlocked, c => c.PlannedBlocked + blocked), cancellationToken);
        if (moved != 1)
        {
            // Another instance planned this chunk first: ours is rolled back whole.
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        campaign.PlannedThroughContactId = last;
        return true;
    }
}
