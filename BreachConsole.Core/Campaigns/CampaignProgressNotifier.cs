using System.Collections.Concurrent;
using BreachConsole.Core.Common;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Live progress: computes a campaign's <see cref="CampaignProgressView"/> from its counters (O(1), no scan of the
/// outbox) and pushes it to subscribers — the SignalR hub and open pages — coalesced to at most four pushes a second per
/// campaign. Subscriptions are <see cref="IDisposable"/>; a page subscribes after its first render and disposes with it.
/// </summary>
public sealed class CampaignProgressNotifier(IDbContextFactory<BreachConsoleDbContext> contexts, GenesysMetrics metrics, TimeProvider time)
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<Guid, Slot> _slots = new();
    private readonly List<Func<CampaignProgressView, Task>> _everything = [];
    private readonly Lock _gate = new();

    /// <summary>Every campaign's pushes (the hub forwards them to the campaign's group).</summary>
    public IDisposable SubscribeAll(Func<CampaignProgressView, Task> listener)
    {
        lock (_gate)
        {
            _everything.Add(listener);
        }

        return new Unsubscriber(() =>
        {
            lock (_gate)
            {
                _everything.Remove(listener);
            }
        });
    }

    public IDisposable Subscribe(Guid campaignId, Func<CampaignProgressView, Task> listener)
    {
        var slot = _slots.GetOrAdd(campaignId, _ => new Slot());
        lock (slot)
        {
            slot.Listeners.Add(listener);
        }

        return new Unsubscriber(() =>
        {
            lock (slot)
            {
                slot.Listeners.Remove(listener);
            }
        });
    }

    /// <summary>Something changed: push soon (at once if the last push is older than 250 ms, else when it is).</summary>
    public void Notify(Guid campaignId)
    {
        var slot = _slots.GetOrAdd(campaignId, _ => new Slot());
        lock (slot)
        {
            if (slot.Scheduled)
            {
                return;
            }

            slot.Scheduled = true;
            var due = slot.LastPush + MinInterval - time.GetUtcNow();
            if (due <= TimeSpan.Zero)
            {
                _ = Task.Run(() => PushAsync(campaignId, slot));
            }
            else
            {
                slot.Timer?.Dispose();
                slot.Timer = time.CreateTimer(_ => _ = PushAsync(campaignId, slot), null, due, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private async Task PushAsync(Guid campaignId, Slot slot)
    {
        lock (slot)
        {
            slot.Scheduled = false;
            slot.LastPush = time.GetUtcNow();
        }

        CampaignProgressView view;
        try
        {
            view = await GetAsync(campaignId, CancellationToken.None);
        }
        catch (NotFoundException)
        {
            return;
        }

        Func<CampaignProgressView, Task>[] listeners;
        lock (slot)
        {
            listeners = [.. slot.Listeners];
        }

        lock (_gate)
        {
            listeners = [.. listeners, .. _everything];
        }

        foreach (var listener in listeners)
        {
            try
            {
                await listener(view);
            }
            catch (Exception)
            {
                // A closed page or connection must not stop the others.
            }
        }
    }

    /// <summary>The campaign's progress now (contract.md's shape).</summary>
    public async Task<CampaignProgressView> GetAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var c = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(x => x.Id == campaignId, cancellationToken)
                ?? throw new NotFoundException("Campaign", campaignId);
        var channels = await db.Set<CampaignChannelState>().AsNoTracking().Where(x => x.CampaignId == campaignId).ToListAsync(cancellationToken);
        var counters = metrics.Snapshot();
        var now = time.GetUtcNow();

        int total, suppressed, blocked;
        if (c.LaunchedAt is null)
        {
            var preflight = CampaignService.PreflightOf(c);
            total = preflight?.Total ?? 0;
            suppressed = preflight?.Suppressed.ServiceAlertsOptOut ?? 0;
            blocked = (preflight?.Blocked.Residency ?? 0) + (preflight?.Blocked.NoRoute ?? 0);
        }
        else if (c.PlanningComplete)
        {
            total = c.PlannedEligible + c.PlannedSuppressed + c.PlannedBlocked;
            suppressed = c.PlannedSuppressed + c.SendTimeSuppressed;
            blocked = c.PlannedBlocked;
        }
        else
        {
            total = c.LaunchTotal;
            suppressed = Math.Max(c.LaunchSuppressed, c.PlannedSuppressed) + c.SendTimeSuppressed;
            blocked = Math.Max(c.LaunchBlocked, c.PlannedBlocked);
        }

        var uploaded = channels.Sum(x => x.Uploaded);
        var failed = channels.Sum(x => x.Failed) + (int)channels.Sum(x => x.Skipped);
        var delivered = channels.Sum(x => x.Delivered);
        var cancelled = c.State == CampaignState.Cancelled;
        var pending = cancelled ? 0 : Math.Max(0, total - suppressed - blocked - uploaded - channels.Sum(x => x.Failed));
        var rate = RatePerMinute(campaignId, delivered, now);
        var remaining = Math.Max(0, total - suppressed - blocked - failed - delivered);
        int? eta = c.State is CampaignState.Completed or CampaignState.Cancelled ? 0
            : rate > 0 ? (int)Math.Ceiling(remaining / rate * 60) : null;
        return new CampaignProgressView(campaignId, c.State, total, suppressed, blocked, pending, uploaded, delivered, failed, Math.Round(rate, 1), eta,
            counters.RateLimited, counters.ServerErrors, counters.Circuit.ToString(), c.SlaBreachedAt is not null, now);
    }

    /// <summary>Deliveries per minute over the last minute, from the samples this process has seen.</summary>
    private double RatePerMinute(Guid campaignId, long delivered, DateTimeOffset now)
    {
        var slot = _slots.GetOrAdd(campaignId, _ => new Slot());
        lock (slot)
        {
            if (slot.Samples.Count == 0 || slot.Samples[^1].Delivered != delivered || now - slot.Samples[^1].At > TimeSpan.FromSeconds(5))
            {
                slot.Samples.Add((now, delivered));
            }

            slot.Samples.RemoveAll(s => now - s.At > RateWindow);
            if (slot.Samples.Count < 2)
            {
                return 0;
            }

            var (firstAt, firstDelivered) = slot.Samples[0];
            var minutes = (now - firstAt).TotalMinutes;
            return minutes <= 0 ? 0 : Math.Max(0, delivered - firstDelivered) / Math.Max(minutes, 1.0 / 60);
        }
    }

    private sealed class Slot
    {
        public List<Func<CampaignProgressView, Task>> Listeners { get; } = [];
        public List<(DateTimeOffset At, long Delivered)> Samples { get; } = [];
        public bool Scheduled { get; set; }
        public DateTimeOffset LastPush { get; set; } = DateTimeOffset.MinValue;
        public ITimer? Timer { get; set; }
    }

    private sealed class Unsubscriber(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
