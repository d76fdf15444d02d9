using FluentValidation;

namespace BreachConsole.Core.Dispatch;

/// <summary>Section <c>Dispatch</c>.</summary>
public sealed class DispatchOptions
{
    public const string Section = "Dispatch";

    public TimeSpan SlaWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Order tried when the preferred channel is closed or has no address.</summary>
    public List<Channel> ChannelFallback { get; set; } = [];

    public IReadOnlyList<Channel> EffectiveFallback => ChannelFallback.Count > 0 ? ChannelFallback : [Channel.Email, Channel.Sms, Channel.Voice];
}

public sealed class DispatchOptionsValidator : AbstractValidator<DispatchOptions>
{
    public DispatchOptionsValidator()
    {
        RuleFor(x => x.SlaWindow).GreaterThan(TimeSpan.Zero).LessThanOrEqualTo(TimeSpan.FromDays(90));
        RuleFor(x => x.ChannelFallback).Must(l => l.Distinct().Count() == l.Count).WithMessage("must not name a channel twice.");
        RuleForEach(x => x.ChannelFallback).IsInEnum();
    }
}

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

/// <summary>Section <c>Residency</c>: regions, their countries and approved routes.</summary>
public sealed class ResidencyOptions
{
    public const string Section = "Residency";

    /// <summary>The EU/EEA states: the embedded default of <c>Residency:Regions:EU:Countries</c>.</summary>
    public static IReadOnlyList<string> EuEeaCountries { get; } =
    [
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    ];

    public Dictionary<string, ResidencyRegion> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The configured regions, with EU filled in when the configuration does not define it.</summary>
    public IReadOnlyDictionary<string, ResidencyRegion> EffectiveRegions
    {
        get
        {
            var regions = new Dictionary<string, ResidencyRegion>(Regions, StringComparer.OrdinalIgnoreCase);
            if (!regions.TryGetValue("EU", out var eu))
            {
                regions["EU"] = new ResidencyRegion { Countries = [.. EuEeaCountries] };
            }
            else if (eu.Countries.Count == 0)
            {
                eu.Countries = [.. EuEeaCountries];
            }

            return regions;
        }
    }
}

public sealed class ResidencyRegion
{
    public List<string> Countries { get; set; } = [];
    public List<string>? AllowedSmsCarriers { get; set; }
    public List<string>? AllowedEmailProviders { get; set; }
    public List<string>? AllowedVoiceCarriers { get; set; }
}

public sealed class ResidencyOptionsValidator : AbstractValidator<ResidencyOptions>
{
    public ResidencyOptionsValidator()
    {
        RuleFor(x => x.Regions).Custom((regions, context) =>
        {
            foreach (var (name, region) in regions)
            {
                for (var i = 0; i < region.Countries.Count; i++)
                {
                    if (!System.Text.RegularExpressions.Regex.IsMatch(region.Countries[i] ?? "", "^[A-Z]{2}$"))
                    {
                        context.AddFailure($"Regions.{name}.Countries[{i}]", "must be an ISO 3166-1 alpha-2 country code (e.g. DE).");
                    }
                }
            }
        });
    }
}
