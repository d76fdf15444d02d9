using FluentValidation;

namespace BreachConsole.Core.Dispatch;

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
