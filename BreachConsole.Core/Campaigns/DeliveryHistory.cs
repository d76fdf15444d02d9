using System.Collections.Concurrent;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BreachConsole.Core.Campaigns;

/// <summary>One point of a launched campaign's delivered-over-time series (counts only: nothing about a person).</summary>
public sealed class CampaignDeliverySample
{
    public long Id { get; set; }
    public Guid CampaignId { get; set; }
    public DateTimeOffset At { get; set; }
    public long Delivered { get; set; }
    public int Uploaded { get; set; }
}

/// <summary>A point of <see cref="DeliveryHistory.ReadAsync"/>.</summary>
public sealed record DeliveryPoint(DateTimeOffset At, long Delivered, int Uploaded);

/// <summary>
/// The delivered-over-time series of a campaign, kept in the database by the instance driving it, so a page opened in the
/// middle of a campaign (or after it) draws the whole curve, not only what it has seen since it opened. A point is written
/// when the counts changed and <see cref="SampleEvery"/> has passed since the last one, and always when the campaign ends:
/// about 360 rows an hour at most.
/// </summary>
public sealed class DeliveryHistory(IDbContextFactory<BreachConsoleDbContext> contexts)
{
    public static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(10);

    /// <summary>At most this many points are returned; a longer series is thinned evenly, keeping its first and last.</summary>
    public const int MaxPoints = 120;

    // The last point this instance wrote per campaign: the dispatcher records on every drive of a campaign, and most drives
    // change nothing worth a point. Read from the database only after a start or a driver lease moved here; another
    // instance's newer point is harmless to miss (counts only grow, so at worst one extra point is written).
    private readonly ConcurrentDictionary<Guid, DeliveryPoint> _last = new();

    internal async Task RecordAsync(BreachConsoleDbContext db, Guid campaignId, long delivered, int uploaded, DateTimeOffset now,
        bool final, CancellationToken cancellationToken)
    {
        if (!_last.TryGetValue(campaignId, out var last))
        {
            last = await db.Set<CampaignDeliverySample>().AsNoTracking()
                .Where(s => s.CampaignId == campaignId)
                .OrderByDescending(s => s.Id)
                .Select(s => new DeliveryPoint(s.At, s.Delivered, s.Uploaded))
                .FirstOrDefaultAsync(cancellationToken);
        }

        if (last is not null && ((last.Delivered == delivered && last.Uploaded == uploaded) || (!final && now - last.At < SampleEvery)))
        {
            _last[campaignId] = last;
            return;
        }

        db.Add(new CampaignDeliverySample { CampaignId = campaignId, At = now, Delivered = delivered, Uploaded = uploaded });
        await db.SaveChangesAsync(cancellationToken);
        _last[campaignId] = new DeliveryPoint(now, delivered, uploaded);
    }

    /// <summary>The campaign's series, oldest first (empty before launch).</summary>
    public async Task<IReadOnlyList<DeliveryPoint>> ReadAsync(Guid campaignId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Campaigns.AnyAsync(c => c.Id == campaignId, cancellationToken))
        {
            throw new NotFoundException("Campaign", campaignId);
        }

        var points = await db.Set<CampaignDeliverySample>().AsNoTracking()
            .Where(s => s.CampaignId == campaignId)
            .OrderBy(s => s.Id)
            .Select(s => new DeliveryPoint(s.At, s.Delivered, s.Uploaded))
            .ToListAsync(cancellationToken);
        return Thin(points, MaxPoints);
    }

    /// <summary>Evenly spaced points of <paramref name="points"/>, the first and the last always among them.</summary>
    public static IReadOnlyList<T> Thin<T>(IReadOnlyList<T> points, int max)
    {
        if (points.Count <= max)
        {
            return points;
        }

        var thinned = new List<T>(max);
        for (var i = 0; i < max; i++)
        {
            thinned.Add(points[(int)((long)i * (points.Count - 1) / (max - 1))]);
        }

        return thinned;
    }
}

internal sealed class CampaignDeliverySampleConfiguration : IEntityTypeConfiguration<CampaignDeliverySample>
{
    public void Configure(EntityTypeBuilder<CampaignDeliverySample> builder)
    {
        builder.ToTable("CampaignDeliverySamples");
        builder.HasKey(x => x.Id);
        builder.HasOne<Campaign>().WithMany().HasForeignKey(x => x.CampaignId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(x => new { x.CampaignId, x.Id });
    }
}
