using BreachConsole.Core.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Genesys;

public static class DependencyInjection
{
    /// <summary>
    /// The Genesys client: a typed <see cref="HttpClient"/> over one process-wide transport (token, pacing, breaker, counters).
    /// Its settings are section <c>Genesys</c>, bound and validated here: a bad one stops start-up naming its key.
    /// </summary>
    public static IServiceCollection AddGenesys(this IServiceCollection services)
    {
        services.AddValidatedSettings<GenesysOptions, GenesysOptionsValidator>(GenesysOptions.Section);
        return services.AddGenesysClient();
    }

    /// <summary>
    /// The same client with its settings given in code instead of read from configuration (the sandbox tests, the upload
    /// bench). They are validated all the same, and a bad one is reported under its <c>Genesys:</c> key.
    /// </summary>
    public static IServiceCollection AddGenesys(this IServiceCollection services, Action<GenesysOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        services.AddValidatedSettings<GenesysOptions, GenesysOptionsValidator>(GenesysOptions.Section, configure);
        return services.AddGenesysClient();
    }

    private static IServiceCollection AddGenesysClient(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<IGenesysHostResolver, OptionsGenesysHostResolver>();
        services.TryAddSingleton(new GenesysResilienceSettings());
        services.TryAddSingleton<GenesysMetrics>();
        services.TryAddSingleton(sp => new GenesysRateGate(sp.GetRequiredService<IOptions<GenesysOptions>>().Value.RequestsPerMinute,
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<GenesysMetrics>()));
        services.TryAddSingleton<GenesysTokenProvider>();
        services.TryAddSingleton<GenesysTransport>();
        // Timeouts are the pipeline's (per attempt, through TimeProvider), not HttpClient's.
        services.AddHttpClient<GenesysClient>(http => http.Timeout = Timeout.InfiniteTimeSpan);
        return services;
    }
}
