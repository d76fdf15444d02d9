using FluentValidation;

namespace BreachConsole.Core.Dispatch;

/// <summary>Section <c>Routes</c>: who carries each channel's messages.</summary>
public sealed class RoutesOptions
{
    public const string Section = "Routes";

    public SmsRoute Sms { get; set; } = new();
    public EmailRoute Email { get; set; } = new();
    public VoiceRoute Voice { get; set; } = new();

    public sealed class SmsRoute
    {
        public string Carrier { get; set; } = "BestAvailable";
    }

    public sealed class EmailRoute
    {
        public string Provider { get; set; } = "Genesys";
    }

    public sealed class VoiceRoute
    {
        public string Carrier { get; set; } = "BestAvailable";
    }
}

public sealed class RoutesOptionsValidator : AbstractValidator<RoutesOptions>
{
    public RoutesOptionsValidator()
    {
        RuleFor(x => x.Sms.Carrier).NotEmpty();
        RuleFor(x => x.Email.Provider).NotEmpty();
        RuleFor(x => x.Voice.Carrier).NotEmpty();
    }
}
