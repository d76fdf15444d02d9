using BreachConsole.Core.Configuration;
using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace BreachConsole.Core.Preferences;

public static class DependencyInjection
{
    public static IServiceCollection AddPreferences(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<SetPreference>, SetPreferenceValidator>();
        services.AddSingleton<PreferenceService>();
        // The local source unless something (a CRM adapter) registered its own first.
        services.TryAddSingleton<IPreferenceSource, DatabasePreferenceSource>();

        // Customers' preference links: Preferences:PublicBaseUrl defaults to the console's own address in Development only.
        services.AddValidatedSettings<PreferencesOptions, PreferencesOptionsValidator>(PreferencesOptions.Section)
            .PostConfigure<IHostEnvironment>((o, environment) =>
            {
                if (string.IsNullOrWhiteSpace(o.PublicBaseUrl) && environment.IsDevelopment())
                {
                    o.PublicBaseUrl = PreferencesOptions.DevelopmentBaseUrl;
                }
            });
        services.AddSingleton<PreferenceLinkKeys>();
        services.AddSingleton<SealedPreferenceLinks>();
        services.AddSingleton<IPreferenceLinks>(sp => sp.GetRequiredService<SealedPreferenceLinks>());
        services.AddSingleton<PreferenceLinkAdmin>();
        services.AddSingleton<CustomerPreferences>();
        services.AddSingleton<PreferencePageLimiter>();
        return services;
    }
}
