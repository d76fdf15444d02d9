namespace BreachConsole.Core.Audit;

/// <summary>Action names, so filters and reports do not depend on spelling.</summary>
public static class AuditActions
{
    public const string SignIn = "auth.sign-in";
    public const string SignOut = "auth.sign-out";
    public const string AccessDenied = "auth.denied";
    public const string IncidentCreated = "incident.create";
    public const string IncidentUpdated = "incident.update";
    public const string IncidentAffectedCounts = "incident.affected-counts";
    public const string IncidentDelayRecorded = "incident.delay";
    public const string IncidentDelayReason = "incident.delay-reason";
    public const string IncidentIndividualNotice = "incident.individual-notice";
    public const string IncidentNoticeFacts = "incident.notice-facts";
    public const string ContactsImported = "contacts.import";
    public const string PreferenceChanged = "preference.change";
    public const string PreferenceLinksRevoked = "preference.links-revoke";
    public const string PreferenceLinkKeyRotated = "preference.link-key-rotate";
    public const string TemplateCreated = "template.create";
    public const string TemplateEdited = "template.edit";
    public const string TemplateSubmitted = "template.submit";
    public const string TemplateApproved = "template.approve";
    public const string TemplateRejected = "template.reject";
    public const string CampaignCreated = "campaign.create";
    public const string TemplateWithdrawn = "template.withdraw";
    public const string CampaignPreflight = "campaign.preflight";
    public const string CampaignSubmitted = "campaign.submit";
    public const string CampaignApproved = "campaign.approve";
    public const string CampaignLaunched = "campaign.launch";
    public const string CampaignPaused = "campaign.pause";
    public const string CampaignResumed = "campaign.resume";
    public const string CampaignCancelled = "campaign.cancel";
    public const string SlaBreached = "campaign.sla-breach";
    public const string CampaignVoided = "campaign.void";
    public const string CampaignSuppressed = "campaign.suppress";
    public const string CampaignCompleted = "campaign.complete";
    public const string CampaignOutcomesReconciled = "campaign.reconcile";
    public const string CampaignExceptionsExported = "campaign.exceptions-export";
    public const string WebhookReceived = "webhook.received";
    public const string WebhookRefused = "webhook.refused";
    public const string KeyRotated = "keys.rotate";
    public const string DataKeyRotated = "keys.data-key-rotate";
    public const string KekRetired = "keys.kek-retire";
    public const string DataKeyReencrypted = "keys.reencrypt-complete";
    public const string AuditRead = "audit.read";
    public const string AuditVerified = "audit.verify";
    public const string AuditExported = "audit.export";
    public const string AuditSealStarted = "audit.seal-start";
    public const string EvidenceExported = "evidence.export";

    /// <summary>
    /// Every action name above, in order: the audit log's action filter offers exactly these. Read from the constants
    /// once, so a constant added here is offered without another edit.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = typeof(AuditActions)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .Order(StringComparer.Ordinal)
        .ToArray();
}
