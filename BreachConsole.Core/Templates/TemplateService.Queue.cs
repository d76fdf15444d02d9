using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Templates;

/// <summary>One version in a Legal user's review queue: the template's latest version, and since when it has waited.</summary>
public sealed record ReviewQueueItem(
    Guid TemplateId,
    string Name,
    Channel Channel,
    string Locale,
    int Version,
    string AuthoredBy,
    DateTimeOffset Since,
    string? RejectedBy = null,
    string? ReviewComment = null);

/// <summary>
/// A Legal user's queue: versions they may review (written and submitted by others), their own versions waiting for a
/// colleague, and their own versions a reviewer sent back with a comment.
/// </summary>
public sealed record ReviewQueue(
    IReadOnlyList<ReviewQueueItem> WaitingForMe,
    IReadOnlyList<ReviewQueueItem> MineWaitingForOthers,
    IReadOnlyList<ReviewQueueItem> MineRejected);

public sealed partial class TemplateService
{
    /// <summary>
    /// The Overview's review queue for <paramref name="actor"/> (Legal only). Sorted by the same four-eyes rules the review
    /// actions enforce (<see cref="TemplateActions"/>): a version lands in "waiting for me" exactly when the actor would be
    /// offered Approve on it; a version the actor wrote, submitted or contributed to since the last approval waits for others.
    /// Only a template's latest version counts: a rejected version superseded by a new draft no longer needs changes.
    /// </summary>
    public async Task<ReviewQueue> ReviewQueueAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var templates = await db.Templates.AsNoTracking()
            .Where(t => t.Versions.Any(v => v.Status == TemplateStatus.InReview || (v.Status == TemplateStatus.Draft && v.RejectedBy != null)))
            .Include(t => t.Versions).AsSplitQuery()
            .ToListAsync(cancellationToken);

        List<ReviewQueueItem> waitingForMe = [], mine = [], rejected = [];
        foreach (var template in templates)
        {
            var latest = Latest(template);
            if (latest.Status == TemplateStatus.InReview)
            {
                var item = Item(template, latest, latest.SubmittedAt ?? latest.AuthoredAt);
                var actions = TemplateActions.For(actor, Facts(template), latest.Number);
                (actions.HasFlag(TemplateAction.Approve) ? waitingForMe : mine).Add(item);
            }
            else if (latest is { Status: TemplateStatus.Draft, RejectedBy: not null, RejectedAt: { } rejectedAt }
                     && TemplateActions.IsWriterOrSubmitter(actor, Fact(latest)))
            {
                rejected.Add(Item(template, latest, rejectedAt) with { RejectedBy = latest.RejectedBy, ReviewComment = latest.ReviewComment });
            }
        }

        // Oldest first: what has waited longest is reviewed (or fixed) first.
        return new ReviewQueue(Oldest(waitingForMe), Oldest(mine), Oldest(rejected));

        static ReviewQueueItem Item(Template t, TemplateVersion v, DateTimeOffset since) =>
            new(t.Id, t.Name, t.Channel, t.Locale, v.Number, v.AuthoredBy, since);

        static List<ReviewQueueItem> Oldest(List<ReviewQueueItem> items) =>
            [.. items.OrderBy(i => i.Since).ThenBy(i => i.Name, StringComparer.Ordinal).ThenBy(i => i.Locale, StringComparer.Ordinal)];
    }
}
