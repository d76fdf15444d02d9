using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// The dispatch engine: a hosted service that, each tick, drives every running, paused or cancelling campaign. The
/// Genesys side of a campaign (planning, setup, finalizing, progress, completion, SLA) is driven by the one instance
/// holding the campaign's driver lease; batches are claimed one lease each by any instance. All state lives in the
/// database, so the process may be killed at any instant and a restart (or another instance) carries on without
/// sending anything twice.
/// </summary>
public sealed partial class CampaignDispatcher(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    CampaignPlanner planner,
    BatchSender sender,
    ChannelDriver driver,
    OutcomeReconciler reconciler,
    CampaignSignals signals,
    CampaignProgressNotifier notifier,
    DeliveryHistory history,
    Incidents.IncidentService incidents,
    IOptions<DispatcherOptions> options,
    IOptions<DispatchOptions> dispatch,
    TimeProvider time,
    ILogger<CampaignDispatcher> logger) : BackgroundService
{
    private const int PlanAheadBatches = 200;
    private readonly Dictionary<long, Task> _inFlight = [];

    private string Owner => options.Value.InstanceId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await TickAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // A database hiccup or a Genesys refusal of setup: logged, and the next tick tries again.
                Log.TickFailed(logger, ex.GetType().Name);
            }

            await signals.WaitAsync(options.Value.Tick, time, stoppingToken).ConfigureAwait(false);
        }

        await Task.WhenAll(_inFlight.Values).ConfigureAwait(false);
    }

    /// <summary>One pass over the active campaigns (public so tests can drive the engine step by step).</summary>
    public async Task TickAsync(CancellationToken cancellationToken)
    {
        foreach (var done in _inFlight.Where(kv => kv.Value.IsCompleted).Select(kv => kv.Key).ToList())
        {
            _inFlight.Remove(done);
        }

        List<Guid> active, reconciling;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            active = await db.Set<Campaign>().AsNoTracking()
                .Where(c => c.State == CampaignState.Running || c.State == CampaignState.Paused
                            || (c.State == CampaignState.Cancelled && c.LaunchedAt != null && c.CompletedAt == null))
                .Select(c => c.Id).ToListAsync(cancellationToken);
            reconciling = await OutcomeReconciler.PendingAsync(db, cancellationToken);
        }

        foreach (var id in active)
        {
            await DriveAsync(id, cancellationToken);
            await ClaimAndSendAsync(id, cancellationToken);
        }

        foreach (var id in reconciling)
        {
            await ReconcileAsync(id, cancellationToken);
        }
    }

    /// <summary>Per-contact outcomes of a completed campaign Genesys reported skips for, under the driver lease.</summary>
    private async Task ReconcileAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await TakeDriverLeaseAsync(db, id, time.GetUtcNow(), cancellationToken))
        {
            return;
        }

        if (await reconciler.ReconcilePageAsync(db, id, cancellationToken))
        {
            notifier.Notify(id);
        }
    }

    /// <summary>The campaign's driver lease (Genesys-side work for one campaign is done by one instance at a time).</summary>
    private async Task<bool> TakeDriverLeaseAsync(BreachConsoleDbContext db, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var owner = Owner;
        var until = now + options.Value.LeaseDuration;
        return await db.Set<Campaign>()
            .Where(c => c.Id == id && (c.DriverOwner == null || c.DriverOwner == owner || c.DriverLeaseUntil < now))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.DriverOwner, owner).SetProperty(c => c.DriverLeaseUntil, until), cancellationToken) == 1;
    }

    /// <summary>Waits for the batches in flight (tests).</summary>
    public Task DrainAsync() => Task.WhenAll(_inFlight.Values);

    private async Task DriveAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await TakeDriverLeaseAsync(db, id, now, cancellationToken))
        {
            return;
        }

        var campaign = await db.Set<Campaign>().FirstAsync(c => c.Id == id, cancellationToken);
        var changed = false;
        // One chunk a tick: the channels are set up and batches claimed between chunks, so a large audience never holds
        // back the first message.
        if (campaign.State == CampaignState.Running && !campaign.PlanningComplete
            && await db.Set<OutboxBatch>().CountAsync(b => b.CampaignId == id && b.State == BatchState.Pending, cancellationToken) < PlanAheadBatches)
        {
            changed |= await planner.PlanNextChunkAsync(campaign, cancellationToken);
        }

        var channels = await db.Set<CampaignChannelState>().Where(c => c.CampaignId == id).ToListAsync(cancellationToken);
        foreach (var channel in channels)
        {
            try
            {
                changed |= await DriveChannelAsync(db, campaign, channel, now, cancellationToken);
            }
            catch (GenesysRetryLaterException ex)
            {
                channel.NotBefore = ex.NotBefore;
                channel.LastError = ex.Reason.ToString();
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (GenesysApiException ex)
            {
                channel.NotBefore = now + TimeSpan.FromSeconds(30);
                channel.LastError = $"genesys {ex.Status} {ex.Code}".Trim();
                await db.SaveChangesAsync(cancellationToken);
                Log.ChannelRefused(logger, id, channel.Channel, ex.Status, ex.Code);
            }
        }

        if (campaign.State == CampaignState.Cancelled)
        {
            await CancelOutboxAsync(db, campaign, now, cancellationToken);
            changed = true;
        }
        else
        {
            changed |= await CompleteIfDoneAsync(db, campaign, channels, now, cancellationToken);
            changed |= await CheckSlaAsync(db, campaign, now, cancellationToken);
        }

        if (campaign.LaunchedAt is not null)
        {
            await history.RecordAsync(db, id, channels.Sum(c => c.Delivered), channels.Sum(c => c.Uploaded), now,
                final: campaign.State is CampaignState.Completed or CampaignState.Cancelled, cancellationToken);
        }

        if (changed)
        {
            notifier.Notify(id);
        }
    }

    private async Task<bool> DriveChannelAsync(BreachConsoleDbContext db, Campaign campaign, CampaignChannelState channel, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        if (channel.NotBefore > now)
        {
            return false;
        }

        if (campaign.State is CampaignState.Paused or CampaignState.Cancelled)
        {
            await driver.StopAsync(db, campaign, channel, cancellationToken);
            return false;
        }

        if (!channel.Complete && !await driver.EnsureReadyAsync(db, campaign, channel, cancellationToken))
        {
            return true;
        }

        var changed = false;
        if (!channel.Finalized && campaign.PlanningComplete
            && !await db.Set<OutboxBatch>().AnyAsync(b => b.CampaignId == campaign.Id && b.Channel == channel.Channel
                                                           && (b.State == BatchState.Pending || b.State == BatchState.Sending), cancellationToken))
        {
            await driver.FinalizeAsync(db, channel, cancellationToken);
            changed = true;
        }

        var pollEvery = channel.Finalized ? options.Value.ProgressPollInterval : options.Value.ProgressPollIntervalWhileUploading;
        if (channel.Started && (channel.CheckedAt is null || now - channel.CheckedAt >= pollEvery))
        {
            var before = (channel.Delivered, channel.Complete);
            await driver.PollAsync(db, channel, cancellationToken);
            changed |= before != (channel.Delivered, channel.Complete);
        }

        return changed;
    }

    private async Task ClaimAndSendAsync(Guid id, CancellationToken cancellationToken)
    {
        var capacity = options.Value.MaxConcurrentBatches - _inFlight.Count;
        if (capacity <= 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var campaign = await db.Set<Campaign>().AsNoTracking().FirstAsync(c => c.Id == id, cancellationToken);
        if (campaign.State != CampaignState.Running)
        {
            return;
        }

        var ready = await db.Set<CampaignChannelState>().AsNoTracking()
            .Where(c => c.CampaignId == id && c.Started && !c.Stopped && !c.Complete && c.ContactListId != null)
            .ToListAsync(cancellationToken);
        if (ready.Count == 0)
        {
            return;
        }

        var channels = ready.Select(c => c.Channel).ToList();
        var owner = Owner;
        var candidates = await db.Set<OutboxBatch>().AsNoTracking()
            .Where(b => b.CampaignId == id && (b.State == BatchState.Pending || b.State == BatchState.Sending) && channels.Contains(b.Channel)
                        && b.NotBefore <= now && (b.LeaseOwner == null || b.LeaseOwner == owner || b.LeaseUntil < now))
            .OrderBy(b => b.Id).Select(b => b.Id).Take(capacity * 2).ToListAsync(cancellationToken);
        var until = now + options.Value.LeaseDuration;
        foreach (var batchId in candidates.Where(b => !_inFlight.ContainsKey(b)))
        {
            if (_inFlight.Count >= options.Value.MaxConcurrentBatches)
            {
                break;
            }

            var claimed = await db.Set<OutboxBatch>()
                .Where(b => b.Id == batchId && (b.State == BatchState.Pending || b.State == BatchState.Sending)
                            && (b.LeaseOwner == null || b.LeaseOwner == owner || b.LeaseUntil < now))
                .ExecuteUpdateAsync(s => s.SetProperty(b => b.LeaseOwner, owner).SetProperty(b => b.LeaseUntil, until), cancellationToken);
            if (claimed != 1)
            {
                continue;
            }

            _inFlight[batchId] = SendOneAsync(campaign, ready, batchId, cancellationToken);
        }
    }

    private async Task SendOneAsync(Campaign campaign, List<CampaignChannelState> ready, long batchId, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Yield();
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var channel = await db.Set<OutboxBatch>().AsNoTracking().Where(b => b.Id == batchId).Select(b => b.Channel).FirstAsync(cancellationToken);
            await sender.SendAsync(campaign, ready.First(c => c.Channel == channel), batchId, Owner, cancellationToken);
            notifier.Notify(campaign.Id);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: the lease lapses (or this instance takes it back on restart).
        }
        catch (Exception ex)
        {
            Log.BatchFailed(logger, campaign.Id, batchId, ex.GetType().Name);
        }
        finally
        {
            signals.Wake();
        }
    }

    private async Task<bool> CompleteIfDoneAsync(BreachConsoleDbContext db, Campaign campaign, List<CampaignChannelState> channels,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (campaign.State != CampaignState.Running || !campaign.PlanningComplete || channels.Any(c => !c.Complete)
            || await db.Set<OutboxBatch>().AnyAsync(b => b.CampaignId == campaign.Id && (b.State == BatchState.Pending || b.State == BatchState.Sending),
                cancellationToken))
        {
            return false;
        }

        // Genesys reports the list exhausted: on a channel it skipped nobody on, every uploaded contact was messaged; on
        // the others the OutcomeReconciler reads each contact back after completion.
        var skipped = channels.Sum(c => c.Skipped);
        var clean = channels.Where(c => c.Skipped == 0).Select(c => (Channel?)c.Channel).ToList();
        await using var transaction = await db.BeginAuditedTransactionAsync(cancellationToken);
        await db.Set<OutboxItem>().Where(i => i.CampaignId == campaign.Id && i.State == OutboxItemState.Uploaded && clean.Contains(i.Channel))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, OutboxItemState.Delivered).SetProperty(i => i.UpdatedAt, now), cancellationToken);

        campaign.State = CampaignState.Completed;
        campaign.CompletedAt = now;
        db.AddAudit(Actor.System, AuditActions.CampaignCompleted, CampaignService.Target(campaign.Id), new Dictionary<string, string>
        {
            ["delivered"] = channels.Sum(c => c.Delivered).ToString(CultureInfo.InvariantCulture),
            ["uploaded"] = channels.Sum(c => c.Uploaded).ToString(CultureInfo.InvariantCulture),
            ["failed"] = channels.Sum(c => c.Failed).ToString(CultureInfo.InvariantCulture),
            ["skipped"] = skipped.ToString(CultureInfo.InvariantCulture),
        });

        // The incident's individual notice is given: its individual deadlines are met or late, and those that count from
        // the notice (California AG, HHS, Delaware, New York) get their dates. The first completed campaign decides.
        await incidents.MarkIndividualNoticeSentAsync(db, campaign.IncidentId, now, Actor.System, cancellationToken);
        await CampaignService.SaveAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.Completed(logger, campaign.Id);
        return true;
    }

    private async Task<bool> CheckSlaAsync(BreachConsoleDbContext db, Campaign campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = dispatch.Value.SlaWindow;
        if (campaign.SlaBreachedAt is not null || campaign.LaunchedAt is not { } launched || now - launched <= window
            || campaign.State is not (CampaignState.Running or CampaignState.Paused))
        {
            return false;
        }

        campaign.SlaBreachedAt = now;
        db.AddAudit(Actor.System, AuditActions.SlaBreached, CampaignService.Target(campaign.Id), new Dictionary<string, string>
        {
            ["window"] = window.ToString("c", CultureInfo.InvariantCulture),
        });
        await CampaignService.SaveAsync(db, cancellationToken);
        Log.SlaBreached(logger, campaign.Id, window.TotalMinutes);
        return true;
    }

    private static async Task CancelOutboxAsync(BreachConsoleDbContext db, Campaign campaign, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginAuditedTransactionAsync(cancellationToken);
        await db.Set<OutboxBatch>().Where(b => b.CampaignId == campaign.Id && b.State == BatchState.Pending)
            .ExecuteUpdateAsync(s => s.SetProperty(b => b.State, BatchState.Cancelled), cancellationToken);
        await db.Set<OutboxItem>().Where(i => i.CampaignId == campaign.Id && i.State == OutboxItemState.Pending
                                              && !db.Set<OutboxBatch>().Any(b => b.Id == i.BatchId && b.State == BatchState.Sending))
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.State, OutboxItemState.Cancelled).SetProperty(i => i.UpdatedAt, now), cancellationToken);
        if (!await db.Set<OutboxBatch>().AnyAsync(b => b.CampaignId == campaign.Id && b.State == BatchState.Sending, cancellationToken))
        {
            campaign.CompletedAt = now;
            await CampaignService.SaveAsync(db, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5121, Level = LogLevel.Warning, Message = "Dispatch tick failed ({Error}); the next tick tries again")]
        public static partial void TickFailed(ILogger logger, string error);

        [LoggerMessage(EventId = 5122, Level = LogLevel.Warning, Message = "Campaign {CampaignId}: Genesys refused the {Channel} setup ({Status} {Code})")]
        public static partial void ChannelRefused(ILogger logger, Guid campaignId, Channel channel, int status, string? code);

        [LoggerMessage(EventId = 5123, Level = LogLevel.Error, Message = "Campaign {CampaignId} batch {BatchId} failed ({Error}); its lease lapses and it is tried again")]
        public static partial void BatchFailed(ILogger logger, Guid campaignId, long batchId, string error);

        [LoggerMessage(EventId = 5124, Level = LogLevel.Information, Message = "Campaign {CampaignId} completed")]
        public static partial void Completed(ILogger logger, Guid campaignId);

        [LoggerMessage(EventId = 5125, Level = LogLevel.Warning, Message = "Campaign {CampaignId} breached its SLA window of {Minutes} minutes")]
        public static partial void SlaBreached(ILogger logger, Guid campaignId, double minutes);
    }
}
