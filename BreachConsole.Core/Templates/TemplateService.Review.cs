using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using FluentValidation;
using FluentValidation.Results;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Core.Templates;

/// <summary>
/// The reviewer's side of the template state machine: approve (four-eyes: never an author or the submitter of the
/// version, and only the version the reviewer read), reject (a reviewer's act), and the author's withdrawal.
/// </summary>
public sealed partial class TemplateService
{
    /// <summary>
    /// InReview → Approved by a Legal user who is not the version's author (403 otherwise). The previously approved
    /// version is retired in the same transaction.
    /// </summary>
    public async Task<TemplateVersionResult> ApproveAsync(Actor actor, Guid id, ReviewTemplate review, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await reviewValidator.ValidateAndThrowAsync(review, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken);
        if (TemplateActions.IsInvolved(actor, Facts(template)))
        {
            LogFourEyesRefused(logger, template.Id, Latest(template).Number);
            throw new ForbiddenException(
                "Four-eyes rule: a template version must be approved by a Legal user who neither submitted it nor wrote any version since the last approved one.");
        }

        // The console always names the version its reviewer read (version or contentHash; a stale one is 409). The
        // contract's body-less call approves the version now in review: only one version of a template is ever in
        // review, and its author and submitter are refused above.
        var latest = ReviewTarget(template, review);

        if (latest.Status != TemplateStatus.InReview)
        {
            throw new ConflictException($"Version {latest.Number} is {latest.Status}; only a version in review can be approved.");
        }

        // The rules may have changed since submit: approve only what passes them now.
        var check = await CheckOrThrowAsync(template, latest, cancellationToken);
        var now = time.GetUtcNow();
        await using var transaction = await db.BeginAuditedTransactionAsync(cancellationToken);
        TemplateVersion? previous;
        try
        {
            previous = template.Versions.SingleOrDefault(v => v.Status == TemplateStatus.Approved);
            if (previous is not null)
            {
                previous.Status = TemplateStatus.Retired;
                previous.RetiredAt = now;
                previous.Revision++;
                await SaveAsync(db, cancellationToken);
            }

            latest.Status = TemplateStatus.Approved;
            latest.ApprovedBy = actor.Name;
            latest.ApprovedAt = now;
            latest.ReviewComment = NullIfEmpty(review.Comment) ?? latest.ReviewComment;
            latest.Revision++;
            var details = Details(template, latest, check);
            details["retired"] = previous is null ? "" : $"v{previous.Number}";
            db.AddAudit(actor, AuditActions.TemplateApproved, Target(template.Id, latest.Number), details, roles: Roles.Legal);
            await SaveAsync(db, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            // An explicit rollback (not just disposal) ends the transaction for the audit chain's writer lock too.
            await transaction.RollbackAsync(CancellationToken.None);
            throw;
        }

        LogApproved(logger, template.Id, latest.Number, previous?.Number);
        return Result(template, latest, check.Lint);
    }

    /// <summary>InReview → Draft with the reviewer's comment (required).</summary>
    public async Task<TemplateVersionResult> RejectAsync(Actor actor, Guid id, ReviewTemplate review, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await reviewValidator.ValidateAndThrowAsync(review, cancellationToken);
        if (string.IsNullOrWhiteSpace(review.Comment))
        {
            throw new ValidationException([new ValidationFailure("comment", "A rejection needs a comment saying what to change.")]);
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken);
        var latest = ReviewTarget(template, review);
        if (TemplateActions.IsInvolved(actor, Facts(template)))
        {
            LogFourEyesRefused(logger, template.Id, latest.Number);
            throw new ForbiddenException("Rejecting is a reviewer's act: the author or submitter of a version in review may only withdraw it.");
        }

        if (latest.Status != TemplateStatus.InReview)
        {
            throw new ConflictException($"Version {latest.Number} is {latest.Status}; only a version in review can be rejected.");
        }

        latest.Status = TemplateStatus.Draft;
        latest.RejectedBy = actor.Name;
        latest.RejectedAt = time.GetUtcNow();
        latest.ReviewComment = review.Comment.Trim();
        latest.Revision++;
        db.AddAudit(actor, AuditActions.TemplateRejected, Target(template.Id, latest.Number), new Dictionary<string, string>
        {
            ["channel"] = template.Channel.ToString(),
            ["locale"] = template.Locale,
            ["status"] = latest.Status.ToString(),
        }, roles: Roles.Legal);
        await SaveAsync(db, cancellationToken);
        return Result(template, latest, []);
    }

    /// <summary>InReview → Draft by the version's author or submitter: taking it back is not a rejection, and is audited as such.</summary>
    public async Task<TemplateVersionResult> WithdrawAsync(Actor actor, Guid id, ReviewTemplate review, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Legal);
        await reviewValidator.ValidateAndThrowAsync(review, cancellationToken);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var template = await LoadAsync(db, id, cancellationToken);
        var latest = ReviewTarget(template, review);
        if (!TemplateActions.IsWriterOrSubmitter(actor, Fact(latest)))
        {
            throw new ForbiddenException("Only the author or the submitter of a version in review may withdraw it; a reviewer rejects it instead.");
        }

        if (latest.Status != TemplateStatus.InReview)
        {
            throw new ConflictException($"Version {latest.Number} is {latest.Status}; only a version in review can be withdrawn.");
        }

        latest.Status = TemplateStatus.Draft;
        latest.Revision++;
        db.AddAudit(actor, AuditActions.TemplateWithdrawn, Target(template.Id, latest.Number), new Dictionary<string, string>
        {
            ["channel"] = template.Channel.ToString(),
            ["locale"] = template.Locale,
            ["status"] = latest.Status.ToString(),
            ["contentHash"] = latest.ContentHash,
        }, roles: Roles.Legal);
        await SaveAsync(db, cancellationToken);
        return Result(template, latest, []);
    }

    private static TemplateVersion ReviewTarget(Template template, ReviewTemplate review)
    {
        var latest = Latest(template);
        if (review.Version is { } number && number != latest.Number)
        {
            throw new ConflictException($"Version {number} is no longer the latest (version {latest.Number} is); review the latest text.");
        }

        if (!string.IsNullOrWhiteSpace(review.ContentHash) && !string.Equals(review.ContentHash.Trim(), latest.ContentHash, StringComparison.OrdinalIgnoreCase))
        {
            throw new ConflictException($"The text you reviewed is not version {latest.Number}'s (its content hash differs); review the latest text.");
        }

        return latest;
    }


    [LoggerMessage(EventId = 4000, Level = LogLevel.Information, Message = "Template {TemplateId} v{Version} approved; retired v{RetiredVersion}")]
    private static partial void LogApproved(ILogger logger, Guid templateId, int version, int? retiredVersion);

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Four-eyes refusal: the author tried to approve template {TemplateId} v{Version}")]
    private static partial void LogFourEyesRefused(ILogger logger, Guid templateId, int version);
}
