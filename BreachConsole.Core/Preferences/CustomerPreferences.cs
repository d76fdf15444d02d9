using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Preferences;

/// <summary>What the customer's own page shows: masked contact details and the current choices.</summary>
public sealed record CustomerPreferenceView(
    string MaskedName,
    string MaskedEmail,
    string MaskedPhone,
    IReadOnlyList<Channel> Channels,
    string? Locale,
    bool OptOutMarketing,
    bool OptOutServiceAlerts,
    Channel? PreferredChannel,
    string? PreferredLanguage,
    bool ElectronicNoticeConsent = false);

/// <summary>
/// A change the customer made on the page. <see cref="ElectronicNoticeConsent"/>: the customer agrees to legally required
/// notices by email instead of first-class mail (HIPAA, 45 CFR §164.404(d)(1)(i)); null leaves the recorded answer as it is.
/// </summary>
public sealed record CustomerPreferenceChange(Channel? PreferredChannel, string? PreferredLanguage, bool OptOutMarketing, bool OptOutServiceAlerts,
    bool? ElectronicNoticeConsent = null);

/// <summary>
/// The customer's door into preferences, reached through a verified preference link (the caller opened it): the same
/// <c>ContactPreferences</c> row the API sets, so preflight and the dispatcher see a change at once, audited with actor
/// <c>customer:{token}</c>. The customer's contact details are decrypted only to be masked.
/// </summary>
public sealed class CustomerPreferences(IDbContextFactory<BreachConsoleDbContext> contexts, VaultKeyStore keys, TimeProvider time)
{
    public const string ActorPrefix = "customer:";
    public const string Role = "Customer";

    /// <summary>Languages the page offers (the languages notices are written in).</summary>
    public static IReadOnlyList<string> Languages { get; } = ["en", "es", "fr", "de"];

    public static Actor ActorFor(string token) => new(ActorPrefix + token, []);

    public async Task<CustomerPreferenceView> GetAsync(string token, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var contact = await db.Contacts.AsNoTracking().Where(c => c.Token == token).OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var preference = await db.ContactPreferences.AsNoTracking().FirstOrDefaultAsync(p => p.Token == token, cancellationToken);
        string name = "", email = "", phone = "";
        var channels = new List<Channel>();
        if (contact is not null)
        {
            using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
            name = PersonMask.Name(cipher.Decrypt(contact.FirstNameCipher, FieldPurpose.FirstName, contact.Token));
            email = cipher.MaskedEmail(contact.EmailCipher, contact.Token);
            phone = cipher.MaskedPhone(contact.PhoneCipher, contact.Token);
            if (contact.EmailCipher is not null)
            {
                channels.Add(Channel.Email);
            }

            if (contact.PhoneCipher is not null)
            {
                channels.Add(Channel.Sms);
                channels.Add(Channel.Voice);
            }
        }

        if (channels.Count == 0)
        {
            channels.AddRange([Channel.Email, Channel.Sms, Channel.Voice]);
        }

        return new CustomerPreferenceView(name, email, phone, channels, contact?.Locale, preference?.OptOutMarketing ?? false,
            preference?.OptOutServiceAlerts ?? false, preference?.PreferredChannel, preference?.PreferredLanguage,
            preference?.ElectronicNoticeConsent ?? false);
    }

    /// <summary>Applies the customer's change. <paramref name="token"/> comes from a link the caller verified.</summary>
    public async Task SetAsync(string token, CustomerPreferenceChange change, CancellationToken cancellationToken = default)
    {
        if (change.PreferredChannel is { } channel && !Enum.IsDefined(channel))
        {
            throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("channel", "Unknown channel.")]);
        }

        string? language = null;
        if (change.PreferredLanguage is not null)
        {
            if (!LanguageTag.TryNormalize(change.PreferredLanguage, out var tag))
            {
                throw new FluentValidation.ValidationException([new FluentValidation.Results.ValidationFailure("language", "Unknown language.")]);
            }

            language = tag;
        }

        var actor = ActorFor(token);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var choices = new PreferenceRecorder.Choices(change.OptOutMarketing, change.OptOutServiceAlerts, change.PreferredChannel, language,
            change.ElectronicNoticeConsent);
        var preference = await PreferenceRecorder.StageAsync(db, token, choices, actor.Name, time.GetUtcNow(), cancellationToken);
        var details = PreferenceRecorder.AuditDetails(preference);
        details["via"] = "preference-link";
        db.AddAudit(new AuditRecord(actor.Name, Role, AuditActions.PreferenceChanged, PreferenceService.ContactTargetPrefix + token, AuditOutcome.Success,
            details));
        await db.SaveChangesAsync(cancellationToken);
    }
}
