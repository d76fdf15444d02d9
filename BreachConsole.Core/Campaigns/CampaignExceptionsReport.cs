using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Campaigns;

/// <summary>
/// The contacts a campaign does not reach electronically — suppressed (service-alert opt-out), blocked (residency, no
/// route) and, once launched, failed — with token, masked addresses and reason, so Operations can arrange postal or
/// substitute notice. Before launch it is the live preflight's answer; after, the outbox's record.
/// </summary>
public sealed class CampaignExceptionsReport(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    AudienceClassifier classifier,
    VaultKeyStore keys)
{
    public const string ContentType = "text/csv; charset=utf-8";

    public static string FileName(Guid campaignId) => $"campaign-{campaignId:N}-exceptions.csv";

    public async Task WriteCsvAsync(Actor actor, Guid campaignId, Stream output, CancellationToken cancellationToken = default)
    {
        var role = actor.Require(CampaignRoles.Exceptions);
        Campaign campaign;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            campaign = await db.Set<Campaign>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == campaignId, cancellationToken)
                       ?? throw new NotFoundException("Campaign", campaignId);
            db.AddAudit(new AuditRecord(actor.Name, role, AuditActions.CampaignExceptionsExported, CampaignService.Target(campaignId),
                AuditOutcome.Success, null));
            await db.SaveChangesAsync(cancellationToken);
        }

        await using var csv = CsvExport.Create(output);
        await csv.WriteRowAsync(["token", "maskedPhone", "maskedEmail", "country", "locale", "reason"]);
        using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
        await foreach (var chunk in ExceptionsAsync(campaign, cancellationToken))
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var ids = chunk.Select(e => e.ContactId).ToList();
            var contacts = await db.Contacts.AsNoTracking().Where(c => ids.Contains(c.Id))
                .Select(c => new { c.Id, c.Token, c.PhoneCipher, c.EmailCipher, c.Country }).ToDictionaryAsync(c => c.Id, cancellationToken);
            foreach (var e in chunk)
            {
                var contact = contacts.GetValueOrDefault(e.ContactId);
                // Envelopes are bound to their contact row's token (Vault/FieldEnvelope).
                var row = contact?.Token ?? e.Token;
                await csv.WriteRowAsync([e.Token, cipher.MaskedPhone(contact?.PhoneCipher, row), cipher.MaskedEmail(contact?.EmailCipher, row),
                    contact?.Country, e.Locale, e.Reason]);
            }
        }
    }

    private sealed record ExceptionRow(long ContactId, string Token, string Locale, string Reason);

    private async IAsyncEnumerable<IReadOnlyList<ExceptionRow>> ExceptionsAsync(Campaign campaign,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (campaign.LaunchedAt is null)
        {
            var templates = await classifier.LoadTemplatesAsync(campaign.TemplateName, cancellationToken);
            await foreach (var chunk in classifier.ClassifyAsync(campaign.IncidentId, templates, 0, cancellationToken))
            {
                yield return [.. chunk.Where(d => d.Kind is DecisionKind.Suppressed or DecisionKind.Blocked)
                    .Select(d => new ExceptionRow(d.ContactId, d.Token, d.Locale, d.Reason!))];
            }

            yield break;
        }

        long cursor = 0;
        while (true)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var rows = await db.Set<OutboxItem>().AsNoTracking()
                .Where(i => i.CampaignId == campaign.Id && i.Id > cursor
                            && (i.State == OutboxItemState.Suppressed || i.State == OutboxItemState.Blocked || i.State == OutboxItemState.Failed))
                .OrderBy(i => i.Id).Take(AudienceClassifier.ChunkSize)
                .Select(i => new { i.Id, Row = new ExceptionRow(i.ContactId, i.Token, i.Locale, i.Reason ?? i.State.ToString()) })
                .ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                yield break;
            }

            yield return [.. rows.Select(r => r.Row)];
            cursor = rows[^1].Id;
        }
    }
}
