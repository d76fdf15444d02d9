using FluentValidation;

namespace BreachConsole.Core.Genesys;

public enum GenesysMode
{
    Sandbox,
    Cloud,
}

/// <summary>Section <c>Genesys</c> (contract.md, Settings).</summary>
public sealed class GenesysOptions
{
    public const string Section = "Genesys";

    public GenesysMode Mode { get; set; } = GenesysMode.Sandbox;
    public string Region { get; set; } = "us_east_1";
    public Uri? ApiBaseUrl { get; set; }
    public Uri? LoginBaseUrl { get; set; }
    public string? ClientId { get; set; }
    public string? ClientSecret { get; set; }
    public int RequestsPerMinute { get; set; } = 300;
    public int BatchSize { get; set; } = 100;
    public GenesysSandboxOptions Sandbox { get; set; } = new();
}

/// <summary>Section <c>Genesys:Sandbox</c>: the in-process or standalone stand-in for Genesys Cloud.</summary>
public sealed class GenesysSandboxOptions
{
    public string ClientId { get; set; } = "sandbox";
    public string ClientSecret { get; set; } = "sandbox-secret";
    public int RequestsPerMinute { get; set; } = 300;
    public double ServerErrorRate { get; set; }
    public double RateLimitRate { get; set; }
    public int LatencyMs { get; set; }
    public int MessagesPerMinute { get; set; } = 6000;
    /// <summary>How long the tokens it issues live (<c>expires_in</c>); Genesys's default is 24 h.</summary>
    public int TokenLifetimeSeconds { get; set; } = 86_400;
    public string Database { get; set; } = "data/sandbox.db";
}

public sealed class GenesysOptionsValidator : AbstractValidator<GenesysOptions>
{
    public GenesysOptionsValidator()
    {
        RuleFor(x => x.Region).Must(r => r is not null && GenesysRegions.ApiHosts.ContainsKey(r))
            .WithMessage(_ => $"must be one of {string.Join(", ", GenesysRegions.ApiHosts.Keys)}.");
        RuleFor(x => x.ApiBaseUrl).Must(BeHttpUrl!).When(x => x.ApiBaseUrl is not null).WithMessage("must be an absolute http(s) URL.");
        RuleFor(x => x.LoginBaseUrl).Must(BeHttpUrl!).When(x => x.LoginBaseUrl is not null).WithMessage("must be an absolute http(s) URL.");
        RuleFor(x => x.ClientId).NotEmpty().When(x => x.Mode == GenesysMode.Cloud).WithMessage("is required when Genesys:Mode is Cloud.");
        RuleFor(x => x.ClientSecret).NotEmpty().When(x => x.Mode == GenesysMode.Cloud).WithMessage("is required when Genesys:Mode is Cloud.");
        RuleFor(x => x.RequestsPerMinute).InclusiveBetween(1, 100_000);
        RuleFor(x => x.BatchSize).InclusiveBetween(1, 1000);
        RuleFor(x => x.Sandbox.ClientId).NotEmpty();
        RuleFor(x => x.Sandbox.ClientSecret).NotEmpty();
        RuleFor(x => x.Sandbox.RequestsPerMinute).InclusiveBetween(1, 100_000);
        RuleFor(x => x.Sandbox.ServerErrorRate).InclusiveBetween(0, 1);
        RuleFor(x => x.Sandbox.RateLimitRate).InclusiveBetween(0, 1);
        RuleFor(x => x.Sandbox.LatencyMs).InclusiveBetween(0, 60_000);
        RuleFor(x => x.Sandbox.MessagesPerMinute).InclusiveBetween(1, 10_000_000);
        RuleFor(x => x.Sandbox.TokenLifetimeSeconds).InclusiveBetween(1, 172_800);
        RuleFor(x => x.Sandbox.Database).NotEmpty();
    }

    private static bool BeHttpUrl(Uri uri) => uri.IsAbsoluteUri && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
