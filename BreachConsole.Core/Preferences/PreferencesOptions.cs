using FluentValidation;

namespace BreachConsole.Core.Preferences;

/// <summary>Section <c>Preferences</c>: where customers' preference links point and how long one lives.</summary>
public sealed class PreferencesOptions
{
    public const string Section = "Preferences";

    /// <summary>The console's own address under <c>dotnet run</c>: the default of <see cref="PublicBaseUrl"/> in Development.</summary>
    public const string DevelopmentBaseUrl = "http://127.0.0.1:5080";

    /// <summary>The address customers reach (<c>https://preferences.example.com</c>); links are <c>{PublicBaseUrl}/preferences/{link}</c>.</summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>How long a link opens after it was issued.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Largest <see cref="LinkLifetime"/>: the link stores its expiry in whole seconds.</summary>
    public static readonly TimeSpan MaxLinkLifetime = TimeSpan.FromDays(3650);
}

public sealed class PreferencesOptionsValidator : AbstractValidator<PreferencesOptions>
{
    public PreferencesOptionsValidator()
    {
        RuleFor(x => x.PublicBaseUrl).NotEmpty()
            .WithMessage("is required outside Development: the address customers reach for their preference page (e.g. https://preferences.example.com).");
        RuleFor(x => x.PublicBaseUrl).Must(BeAbsoluteHttpUrl).When(x => !string.IsNullOrEmpty(x.PublicBaseUrl))
            .WithMessage("must be an absolute http(s) URL with no query or fragment (e.g. https://preferences.example.com).");
        RuleFor(x => x.LinkLifetime).GreaterThanOrEqualTo(TimeSpan.FromMinutes(1)).LessThanOrEqualTo(PreferencesOptions.MaxLinkLifetime)
            .WithMessage("must be between 00:01:00 and 3650.00:00:00.");
    }

    private static bool BeAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.IsNullOrEmpty(uri.Query) && string.IsNullOrEmpty(uri.Fragment) && string.IsNullOrEmpty(uri.UserInfo);
}
