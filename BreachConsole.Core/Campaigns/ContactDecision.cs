using BreachConsole.Core.Dispatch;

namespace BreachConsole.Core.Campaigns;

/// <summary>Why a contact gets no notice from a campaign (the exceptions report's reasons).</summary>
public static class ExceptionReasons
{
    public const string ServiceAlertsOptOut = "serviceAlertsOptOut";
    public const string Residency = "residency";
    public const string NoRoute = "noRoute";
    public const string MissingTemplate = "missingTemplate";

    /// <summary>
    /// A HIPAA incident's contact routed to email who has not agreed to electronic notice: written notice goes by
    /// first-class mail (45 CFR §164.404(d)(1)(i)), so the contact is listed for postal notice instead.
    /// </summary>
    public const string NoElectronicConsent = "noElectronicConsent";
}

public enum DecisionKind
{
    Send,
    Suppressed,
    Blocked,
    MissingTemplate,
}

/// <summary>An approved template version as a campaign uses it.</summary>
public sealed record TemplateRef(Guid TemplateId, Guid VersionId, int Version, string Locale, string ContentHash);

/// <summary>What preflight and the planner decided for one contact. Holds no personal data.</summary>
public sealed record ContactDecision(
    long ContactId,
    string Token,
    string Country,
    string Locale,
    DecisionKind Kind,
    Channel? Channel,
    TemplateRef? Template,
    string? Reason)
{
    /// <summary>The line this decision adds to the audience hash an approval is bound to.</summary>
    public string HashLine() => $"{ContactId}|{Token}|{Kind}|{Channel}|{Template?.VersionId}|{Reason}\n";
}

/// <summary>The approved versions of one template name, by (channel, locale); resolution per the contract's rule.</summary>
public sealed class TemplateMap(IReadOnlyDictionary<(Channel Channel, string Locale), TemplateRef> versions)
{
    public IReadOnlyDictionary<(Channel Channel, string Locale), TemplateRef> Versions { get; } = versions;

    /// <summary>The exact locale's approved version, else its neutral language's, else none — never another language.</summary>
    public TemplateRef? Resolve(Channel channel, string locale)
    {
        foreach (var tag in Templates.Locales.FallbackChain(locale))
        {
            if (Versions.TryGetValue((channel, tag), out var found))
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>A stable description of the versions, folded into the approval hash.</summary>
    public string Fingerprint() => string.Join(";", Versions.OrderBy(v => v.Key.Channel).ThenBy(v => v.Key.Locale, StringComparer.Ordinal)
        .Select(v => $"{v.Key.Channel}/{v.Key.Locale}={v.Value.VersionId}:{v.Value.ContentHash}"));
}
