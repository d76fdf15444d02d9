using BreachConsole.Core.Common;

namespace BreachConsole.Core.Templates;

/// <summary>What someone may do to a template version. The page offers exactly these; the service enforces them.</summary>
[Flags]
public enum TemplateAction
{
    None = 0,

    /// <summary>Save a new draft version from this (the latest) one.</summary>
    Edit = 1,
    Submit = 2,
    Approve = 4,
    Reject = 8,

    /// <summary>The author's (or submitter's) way back from review to Draft; recorded as a withdrawal, not a rejection.</summary>
    Withdraw = 16,
}

/// <summary>
/// The four-eyes rules of the template workflow, in one place. Only the latest version is acted on. A version in review
/// may be approved or rejected only by a Legal user who neither submitted it nor wrote any version since the last
/// approved one (so "Alice writes v1, Bob saves v2, Alice approves" is refused); those people may only withdraw it.
/// </summary>
public static class TemplateActions
{
    /// <summary>The facts about one version the rules read.</summary>
    internal readonly record struct VersionFacts(int Number, TemplateStatus Status, string AuthorId, string? SubmitterId, bool WasApproved);

    public static TemplateAction For(Actor actor, TemplateDetails template, int version) =>
        For(actor, template.Versions.Select(v => new VersionFacts(v.Version, v.Status, v.AuthorId ?? v.AuthoredBy, v.SubmitterId ?? v.SubmittedBy,
            v.ApprovedAt is not null)).ToList(), version);

    internal static TemplateAction For(Actor actor, IReadOnlyList<VersionFacts> versions, int version)
    {
        if (!actor.IsIn(Roles.Legal) || versions.Count == 0)
        {
            return TemplateAction.None;
        }

        var latest = versions.MaxBy(v => v.Number);
        if (latest.Number != version)
        {
            return TemplateAction.None;
        }

        return latest.Status switch
        {
            TemplateStatus.Draft => TemplateAction.Edit | TemplateAction.Submit,
            TemplateStatus.InReview when IsWriterOrSubmitter(actor, latest) => TemplateAction.Withdraw,
            TemplateStatus.InReview when WroteSinceLastApproval(actor, versions) => TemplateAction.None,
            TemplateStatus.InReview => TemplateAction.Approve | TemplateAction.Reject,
            _ => TemplateAction.Edit,
        };
    }

    /// <summary>True when the actor may not review the latest version: they submitted it or wrote part of what it changes.</summary>
    internal static bool IsInvolved(Actor actor, IReadOnlyList<VersionFacts> versions)
    {
        var latest = versions.MaxBy(v => v.Number);
        return IsWriterOrSubmitter(actor, latest) || WroteSinceLastApproval(actor, versions);
    }

    internal static bool IsWriterOrSubmitter(Actor actor, VersionFacts version) =>
        actor.IsSamePerson(version.AuthorId) || actor.IsSamePerson(version.SubmitterId);

    private static bool WroteSinceLastApproval(Actor actor, IReadOnlyList<VersionFacts> versions)
    {
        var lastApproved = versions.Where(v => v.WasApproved).Select(v => v.Number).DefaultIfEmpty(0).Max();
        return versions.Any(v => v.Number > lastApproved && actor.IsSamePerson(v.AuthorId));
    }
}
