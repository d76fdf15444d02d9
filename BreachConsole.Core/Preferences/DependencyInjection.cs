using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BreachConsole.Core.Preferences;

public static class DependencyInjection
{
    public static IServiceCollection AddPreferences(this IServiceCollection services)
    {
        services.AddSingleton<IValidator<SetPreference>, SetPreferenceValidator>();
        services.AddSingleton<PreferenceService>();
        // The local source unless something (a CRM adapter) registered its own first.
        services.TryAddSingleton<IPreferenceSource, DatabasePreferenceSource>();
        return services;
    }
}
