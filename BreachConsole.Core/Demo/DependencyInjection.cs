using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Core.Demo;

public static class DependencyInjection
{
    /// <summary>The demo seed (<c>Demo:Seed</c>): incident, templates, contacts and a campaign on an empty database.</summary>
    public static IServiceCollection AddDemo(this IServiceCollection services)
    {
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.Section).ValidateOnStart();
        services.AddSingleton<DemoSeeder>();
        return services;
    }
}
