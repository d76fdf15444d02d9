using System.Globalization;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Preferences;
using BreachConsole.Core.Templates;
using BreachConsole.Core.Vault;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// Sends one claimed batch: re-checks preferences (a service-alert opt-out that arrived since launch is honoured and
/// recorded), decrypts the batch's addresses and names in memory only, renders each contact's localized notice, and
/// posts the contacts with their deterministic ids. The batch's state is committed before the call (<c>Sending</c>) and
/// after it (<c>Uploaded</c>), so a crash between the two re-posts the same ids: an update, never a second message
/// (<c>doNotQueue=true</c>). A 429/5xx hands the batch back with its not-before time; nothing waits.
/// </summary>
public sealed partial class BatchSender(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    IPreferenceSource preferences,
    IPreferenceLinks links,
    VaultKeyStore keys,
    TemplateStudio studio,
    GenesysClient genesys,
    IOptions<NoticeOptions> notice,
    TimeProvider time,
    ILogger<BatchSender> logger)
{
    public const string KeyColumn = GenesysContactIds.ContactKeyColumn;
    public const string PhoneColumn = "phone";
    public const string EmailColumn = "email";
    public const string MessageColumn = "message";
    public const string SubjectColumn = GenesysClient.EmailSubjectColumn;
    public const string BodyColumn = GenesysClient.EmailBodyColumn;

    /// <summary>The contact list columns of a channel.</summary>
    public static List<string> ColumnsOf(Channel channel) => channel == Channel.Email
        ? [KeyColumn, EmailColumn, SubjectColumn, BodyColumn]
        : [KeyColumn, PhoneColumn, MessageColumn];

    public async Task SendAsync(Campaign campaign, CampaignChannelState channel, long batchId, string owner, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await db.Set<OutboxBatch>().FirstAsync(b => b.Id == batchId, cancellationToken);
        if (batch.LeaseOwner != owner)
        {
            return;
        }

        var items = await db.Set<OutboxItem>().Where(i => i.BatchId == batchId && i.State == OutboxItemState.Pending).OrderBy(i => i.Id)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        await using (var transaction = await db.BeginAuditedTransactionAsync(cancellationToken))
        {
            if (batch.State == BatchState.Pending)
            {
                await SuppressLateOptOutsAsync(db, campaign, channel.Channel, items, now, cancellationToken);
            }

            batch.State = BatchState.Sending;
            batch.Attempts++;
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var sending = items.Where(i => i.State == OutboxItemState.Pending).ToList();
        if (sending.Count == 0)
        {
            await FinishAsync(db, batch, channel, [], [], now, cancellationToken);
            return;
        }

        List<DialerContact> contacts;
        List<OutboxItem> unrenderable;
        try
        {
            (contacts, unrenderable) = await BuildAsync(db, campaign, channel.Channel, sending, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.BuildFailed(logger, campaign.Id, batchId, ex.GetType().Name);
            await HandBackAsync(db, batch, now + TimeSpan.FromSeconds(30), "build", cancellationToken);
            return;
        }

        try
        {
            if (contacts.Count > 0)
            {
                await genesys.AddContactsAsync(channel.ContactListId!, contacts, cancellationToken);
            }
        }
        catch (GenesysRetryLaterException ex)
        {
            await HandBackAsync(db, batch, ex.NotBefore, ex.Reason.ToString(), cancellationToken);
            return;
        }
        catch (GenesysApiException ex)
        {
            Log.Refused(logger, campaign.Id, batchId, ex.Status, ex.Code);
            var reason = $"genesys {ex.Status} {ex.Code}".Trim();
            await FinishAsync(db, batch, channel, [], sending, time.GetUtcNow(), cancellationToken, reason);
            return;
        }

        var uploaded = sending.Except(unrenderable).ToList();
        await FinishAsync(db, batch, channel, uploaded, unrenderable, time.GetUtcNow(), cancellationToken, "render");
        Log.Uploaded(logger, campaign.Id, batchId, uploaded.Count, channel.Channel);
    }

    private async Task SuppressLateOptOutsAsync(BreachConsoleDbContext db, Campaign campaign, Channel channel, List<OutboxItem> items,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var live = await preferences.GetAsync(items.Select(i => i.Token).ToList(), cancellationToken);
        var optedOut = items.Where(i => live.TryGetValue(i.Token, out var p) && p.OptOutServiceAlerts).ToList();

        // HIPAA (45 CFR §164.404(d)(1)(i)): an agreement to electronic notice withdrawn since planning takes the contact off
        // email; it is listed for postal notice (counted with the send-time suppressions).
        var withdrawn = new List<OutboxItem>();
        if (channel == Channel.Email)
        {
            var jurisdictions = await db.Incidents.AsNoTracking().Where(i => i.Id == campaign.IncidentId).Select(i => i.Jurisdictions)
                .FirstOrDefaultAsync(cancellationToken);
            if (AudienceClassifier.RequiresElectronicConsent(jurisdictions ?? []))
            {
                withdrawn = [.. items.Except(optedOut).Where(i => !live.TryGetValue(i.Token, out var p) || p.ElectronicNoticeConsent != true)];
            }
        }

        foreach (var item in withdrawn)
        {
            item.State = OutboxItemState.Suppressed;
            item.Reason = ExceptionReasons.NoElectronicConsent;
            item.UpdatedAt = now;
        }

        if (withdrawn.Count > 0)
        {
            await db.Set<Campaign>().Where(c => c.Id == campaign.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendTimeSuppressed, c => c.SendTimeSuppressed + withdrawn.Count), cancellationToken);
            db.AddAudit(Actor.System, AuditActions.CampaignSuppressed, CampaignService.Target(campaign.Id), new Dictionary<string, string>
            {
                ["contacts"] = withdrawn.Count.ToString(CultureInfo.InvariantCulture),
                ["reason"] = ExceptionReasons.NoElectronicConsent,
                ["when"] = "send time",
            });
        }

        if (optedOut.Count == 0)
        {
            return;
        }

        foreach (var item in optedOut)
        {
            item.State = OutboxItemState.Suppressed;
            item.Reason = ExceptionReasons.ServiceAlertsOptOut;
            item.UpdatedAt = now;
        }

        await db.Set<Campaign>().Where(c => c.Id == campaign.Id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.SendTimeSuppressed, c => c.SendTimeSuppressed + optedOut.Count), cancellationToken);
        db.AddAudit(Actor.System, AuditActions.CampaignSuppressed, CampaignService.Target(campaign.Id), new Dictionary<string, string>
        {
            ["contacts"] = optedOut.Count.ToString(CultureInfo.InvariantCulture),
            ["reason"] = ExceptionReasons.ServiceAlertsOptOut,
            ["when"] = "send time",
        });
    }

    private async Task<(List<DialerContact> Contacts, List<OutboxItem> Unrenderable)> BuildAsync(BreachConsoleDbContext db, Campaign campaign,
        Channel channel, List<OutboxItem> items, CancellationToken cancellationToken)
    {
        var incident = await db.Incidents.AsNoTracking().FirstAsync(i => i.Id == campaign.IncidentId, cancellationToken);
        var ids = items.Select(i => i.ContactId).ToList();
        var rows = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id)).ToDictionaryAsync(c => c.Id, cancellationToken);
        var versionIds = items.Select(i => i.TemplateVersionId).OfType<Guid>().Distinct().ToList();
        var resolved = await db.TemplateVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Join(db.Templates.AsNoTracking(), v => v.TemplateId, t => t.Id, (v, t) => new { v, t })
            .ToDictionaryAsync(x => x.v.Id, x => new ResolvedTemplate(x.t.Id, x.t.Name, x.t.Channel, x.t.Locale, x.v.Number, x.v.Subject, x.v.Body,
                x.v.ContentHash, x.v.Jurisdictions), cancellationToken);

        // Each version is parsed once for the batch; one that does not parse leaves its contacts unrenderable.
        var versions = new Dictionary<Guid, PreparedNotice>();
        foreach (var (id, template) in resolved)
        {
            try
            {
                versions[id] = studio.Prepare(template);
            }
            catch (InvalidOperationException)
            {
            }
        }

        // The incident's data elements as a reader of each template's language calls them, worked out once a batch.
        var elementLabels = resolved.Values.Select(t => t.Locale).Distinct(StringComparer.Ordinal)
            .ToDictionary(locale => locale, locale => Incidents.DataElements.LabelsOf(incident.DataElements, locale), StringComparer.Ordinal);
        var options = notice.Value;
        var noticeDate = time.GetUtcNow();
        var contacts = new List<DialerContact>(items.Count);
        var unrenderable = new List<OutboxItem>();
        using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
        foreach (var item in items)
        {
            if (!rows.TryGetValue(item.ContactId, out var contact) || item.TemplateVersionId is not { } versionId
                || !versions.TryGetValue(versionId, out var template))
            {
                unrenderable.Add(item);
                continue;
            }

            var address = channel == Channel.Email
                ? contact.EmailCipher is { } e ? cipher.Decrypt(e, FieldPurpose.Email, contact.Token) : null
                : contact.PhoneCipher is { } p ? cipher.Decrypt(p, FieldPurpose.Phone, contact.Token) : null;
            if (address is null)
            {
                unrenderable.Add(item);
                continue;
            }

            var model = new NoticeModel(
                cipher.Decrypt(contact.FirstNameCipher, FieldPurpose.FirstName, contact.Token),
                incident.Title,
                incident.Description ?? incident.Title,
                elementLabels[template.Template.Locale],
                incident.AwareAt,
                incident.BreachStart,
                incident.BreachEnd,
                noticeDate,
                incident.DelayedByLawEnforcement(template.Template.Jurisdictions),
                options.NoticeUrl,
                options.OrgName,
                options.OrgContact,
                options.DpoContact,
                await links.CreateUrlAsync(item.Token, cancellationToken),
                options.SupportPhone,
                options.IdentityProtectionMonths,
                options.IdentityProtectionUrl);
            RenderedNotice rendered;
            try
            {
                rendered = await studio.RenderAsync(template, model);
            }
            catch (InvalidOperationException)
            {
                unrenderable.Add(item);
                continue;
            }

            var data = new Dictionary<string, string>(StringComparer.Ordinal) { [KeyColumn] = item.Token };
            if (channel == Channel.Email)
            {
                data[EmailColumn] = address;
                data[SubjectColumn] = rendered.Subject ?? "";
                data[BodyColumn] = rendered.Body;
            }
            else
            {
                data[PhoneColumn] = address;
                data[MessageColumn] = rendered.Body;
            }

            contacts.Add(new DialerContact { Id = item.GenesysContactId, Data = data, Callable = true });
        }

        return (contacts, unrenderable);
    }

    private static async Task HandBackAsync(BreachConsoleDbContext db, OutboxBatch batch, DateTimeOffset notBefore, string reason,
        CancellationToken cancellationToken)
    {
        // Still Sending when Genesys may have taken part of it: the re-post carries the same ids and updates.
        batch.NotBefore = notBefore;
        batch.LeaseOwner = null;
        batch.LeaseUntil = null;
        batch.LastError = reason;
        await db.SaveChangesAsync(cancellationToken);
    }

    private static async Task FinishAsync(BreachConsoleDbContext db, OutboxBatch batch, CampaignChannelState channel, List<OutboxItem> uploaded,
        List<OutboxItem> failed, DateTimeOffset now, CancellationToken cancellationToken, string? failReason = null)
    {
        foreach (var item in uploaded)
        {
            item.State = OutboxItemState.Uploaded;
            item.UpdatedAt = now;
        }

        foreach (var item in failed)
        {
            item.State = OutboxItemState.Failed;
            item.Reason = failReason;
            item.UpdatedAt = now;
        }

        batch.State = uploaded.Count == 0 && failed.Count > 0 ? BatchState.Failed : BatchState.Uploaded;
        batch.UploadedAt = now;
        batch.LeaseOwner = null;
        batch.LeaseUntil = null;
        batch.LastError = failed.Count > 0 ? failReason : null;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        int up = uploaded.Count, down = failed.Count;
        await db.Set<CampaignChannelState>().Where(c => c.CampaignId == channel.CampaignId && c.Channel == channel.Channel)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.Uploaded, c => c.Uploaded + up).SetProperty(c => c.Failed, c => c.Failed + down),
                cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Campaign {CampaignId} batch {BatchId}: {Count} {Channel} contacts uploaded")]
        public static partial void Uploaded(ILogger logger, Guid campaignId, long batchId, int count, Channel channel);

        [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Campaign {CampaignId} batch {BatchId}: Genesys refused it ({Status} {Code})")]
        public static partial void Refused(ILogger logger, Guid campaignId, long batchId, int status, string? code);

        [LoggerMessage(EventId = 5103, Level = LogLevel.Error, Message = "Campaign {CampaignId} batch {BatchId}: building it failed ({Error})")]
        public static partial void BuildFailed(ILogger logger, Guid campaignId, long batchId, string error);
    }
}
