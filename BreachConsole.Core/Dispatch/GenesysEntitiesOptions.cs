using BreachConsole.Core.Genesys;
using FluentValidation;

namespace BreachConsole.Core.Dispatch;

/// <summary>
/// The Genesys entities campaigns send with (contract.md, <c>Genesys:Sms:*</c>, <c>Genesys:Email:*</c>,
/// <c>Genesys:Voice:*</c>, <c>Genesys:DivisionId</c>). The embedded defaults are the sandbox's; in Cloud mode each one
/// must be set, or start-up stops naming it.
/// </summary>
public sealed class GenesysEntitiesOptions
{
    public const string Section = GenesysOptions.Section;

    public const string SandboxSenderNumber = "+15555550100";
    public const string SandboxEmailDomainId = "sandbox-domain";
    public const string SandboxResponseSetId = "sandbox-call-analysis";
    public const string SandboxEdgeGroupId = "sandbox-edge-group";

    public GenesysMode Mode { get; set; } = GenesysMode.Sandbox;
    public string? DivisionId { get; set; }
    public SmsEntities Sms { get; set; } = new();
    public EmailEntities Email { get; set; } = new();
    public VoiceEntities Voice { get; set; } = new();

    /// <summary>Messages per minute asked of each Genesys messaging campaign.</summary>
    public int MessagesPerMinute { get; set; } = 1000;

    public sealed class SmsEntities
    {
        public string? SenderNumber { get; set; }
    }

    public sealed class EmailEntities
    {
        public string? DomainId { get; set; }
        public string LocalPart { get; set; } = "breach-notice";
        public string FriendlyName { get; set; } = "Breach notice";

        /// <summary>An existing <c>CampaignEmailTemplate</c> response to use; when unset the console creates its own.</summary>
        public string? ContentTemplateId { get; set; }
    }

    public sealed class VoiceEntities
    {
        public string? CallAnalysisResponseSetId { get; set; }
        public string? EdgeGroupId { get; set; }
        public string? SiteId { get; set; }
        public string CallerName { get; set; } = "Breach notice";
        public string? CallerAddress { get; set; }
        public int OutboundLineCount { get; set; } = 10;
    }

    public string EffectiveSenderNumber => Set(Sms.SenderNumber) ?? SandboxSenderNumber;
    public string EffectiveEmailDomainId => Set(Email.DomainId) ?? SandboxEmailDomainId;
    public string? EffectiveContentTemplateId => Set(Email.ContentTemplateId);
    public string EffectiveResponseSetId => Set(Voice.CallAnalysisResponseSetId) ?? SandboxResponseSetId;
    public string? EffectiveSiteId => Set(Voice.SiteId);
    public string? EffectiveEdgeGroupId => Set(Voice.EdgeGroupId) ?? (EffectiveSiteId is null ? SandboxEdgeGroupId : null);
    public string EffectiveCallerAddress => Set(Voice.CallerAddress) ?? EffectiveSenderNumber;
    public string? EffectiveDivisionId => Set(DivisionId);

    /// <summary>An empty string in a settings file means "not set".</summary>
    private static string? Set(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

public sealed class GenesysEntitiesOptionsValidator : AbstractValidator<GenesysEntitiesOptions>
{
    public GenesysEntitiesOptionsValidator()
    {
        RuleFor(x => x.MessagesPerMinute).InclusiveBetween(1, 100_000);
        RuleFor(x => x.Voice.OutboundLineCount).InclusiveBetween(1, 1000).OverridePropertyName("Voice:OutboundLineCount");
        RuleFor(x => x.Sms.SenderNumber).Matches(@"^\+[1-9][0-9]{6,14}$").When(x => !string.IsNullOrWhiteSpace(x.Sms.SenderNumber))
            .OverridePropertyName("Sms:SenderNumber").WithMessage("must be an E.164 number (e.g. +15555550100).");
        When(x => x.Mode == GenesysMode.Cloud, () =>
        {
            RuleFor(x => x.Sms.SenderNumber).NotEmpty().OverridePropertyName("Sms:SenderNumber").WithMessage("is required in Cloud mode.");
            RuleFor(x => x.Email.DomainId).NotEmpty().OverridePropertyName("Email:DomainId").WithMessage("is required in Cloud mode.");
            RuleFor(x => x.Voice.CallAnalysisResponseSetId).NotEmpty().OverridePropertyName("Voice:CallAnalysisResponseSetId")
                .WithMessage("is required in Cloud mode.");
            RuleFor(x => x.Voice.EdgeGroupId).NotEmpty().When(x => string.IsNullOrWhiteSpace(x.Voice.SiteId)).OverridePropertyName("Voice:EdgeGroupId")
                .WithMessage("is required in Cloud mode (or Voice:SiteId).");
            RuleFor(x => x.Voice.CallerAddress).NotEmpty().OverridePropertyName("Voice:CallerAddress").WithMessage("is required in Cloud mode.");
        });
    }
}
