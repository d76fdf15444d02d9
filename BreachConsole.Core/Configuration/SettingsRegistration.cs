using FluentValidation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Configuration;

public static class SettingsRegistration
{
    /// <summary>Binds a section, validates it with <typeparamref name="TValidator"/> and checks it at start-up.</summary>
    public static OptionsBuilder<TOptions> AddValidatedSettings<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
        => services.AddValidated<TOptions, TValidator>(section).BindConfiguration(section);

    /// <summary>
    /// Settings given in code rather than read from configuration (a test, a bench tool), validated by
    /// <typeparamref name="TValidator"/> all the same and reported under <paramref name="section"/>'s keys.
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedSettings<TOptions, TValidator>(this IServiceCollection services, string section,
        Action<TOptions> configure)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
        => services.AddValidated<TOptions, TValidator>(section).Configure(configure);

    private static OptionsBuilder<TOptions> AddValidated<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidator<TOptions>, new()
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new SettingsValidator<TOptions>(section, new TValidator()));
        return services.AddOptions<TOptions>().ValidateOnStart();
    }
}
