using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Core.Contacts;
using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Persistence;
using BreachConsole.Core.Vault;
using FluentValidation;
using Microsoft.EntityFrameworkCore;

namespace BreachConsole.Core.Preferences;

/// <summary>Set a customer's preferences. The customer id is tokenized on arrival and never stored or echoed.</summary>
public sealed record SetPreference(
    [property: PersonalData] string? CustomerId,
    bool? OptOutMarketing,
    bool? OptOutServiceAlerts,
    Channel? PreferredChannel = null,
    string? PreferredLanguage = null,
    bool? ElectronicNoticeConsent = null);

public sealed class SetPreferenceValidator : AbstractValidator<SetPreference>
{
    public SetPreferenceValidator()
    {
        RuleFor(x => x.CustomerId).NotEmpty().WithMessage("A customer id is required.")
            .MaximumLength(ContactCsv.MaxIdLength).WithMessage($"A customer id is at most {ContactCsv.MaxIdLength} characters.");
        RuleFor(x => x.OptOutMarketing).NotNull().WithMessage("optOutMarketing is required (true or false).");
        RuleFor(x => x.OptOutServiceAlerts).NotNull().WithMessage("optOutServiceAlerts is required (true or false).");
        RuleFor(x => x.PreferredChannel).IsInEnum();
        RuleFor(x => x.PreferredLanguage).Must(l => LanguageTag.TryNormalize(l, out _)).When(x => x.PreferredLanguage is not null)
            .WithMessage("The preferred language is a BCP 47 tag (e.g. es-PR).");
    }
}

/// <summary>The stored preference as the API returns it: by token.</summary>
public sealed record PreferenceView(string ContactId, bool OptOutMarketing, bool OptOutServiceAlerts, Channel? PreferredChannel, string? PreferredLanguage,
    bool? ElectronicNoticeConsent = null);

public sealed class PreferenceService(
    IDbContextFactory<BreachConsoleDbContext> contexts,
    VaultKeyStore keys,
    IValidator<SetPreference> validator,
    TimeProvider time)
{
    /// <summary>Audit entries about one customer's preferences target <c>contact:{token}</c>.</summary>
    public const string ContactTargetPrefix = "contact:";

    public async Task<PreferenceView> SetAsync(Actor actor, SetPreference command, CancellationToken cancellationToken = default)
    {
        actor.Require(Roles.Operations);
        await validator.ValidateAndThrowAsync(command, cancellationToken);

        using var cipher = (await keys.GetAsync(cancellationToken)).OpenCipher();
        var token = cipher.Token(command.CustomerId!);
        string? language = null;
        if (command.PreferredLanguage is not null && LanguageTag.TryNormalize(command.PreferredLanguage, out var tag))
        {
            language = tag;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var choices = new PreferenceRecorder.Choices(command.OptOutMarketing!.Value, command.OptOutServiceAlerts!.Value, command.PreferredChannel,
            language, command.ElectronicNoticeConsent);
        var preference = await PreferenceRecorder.StageAsync(db, token, choices, actor.Name, time.GetUtcNow(), cancellationToken);
        db.AddAudit(actor, AuditActions.PreferenceChanged, ContactTargetPrefix + token, PreferenceRecorder.AuditDetails(preference), roles: Roles.Operations);
        await db.SaveChangesAsync(cancellationToken);
        return new PreferenceView(token, preference.OptOutMarketing, preference.OptOutServiceAlerts, preference.PreferredChannel, preference.PreferredLanguage,
            preference.ElectronicNoticeConsent);
    }
}
