using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Genesys;

public static class DependencyInjection
{
    /// <summary>
    /// The Genesys client: a typed <see cref="HttpClient"/> over one process-wide transport (token, pacing, breaker, counters).
    /// Settings (<c>Genesys</c>) are registered and validated by the caller.
    /// </summary>
    public static IServiceCollection AddGenesys(this IServiceCollection services)
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
