using BreachConsole.Core.Configuration;
using BreachConsole.Core.Genesys;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace BreachConsole.Sandbox;

/// <summary><c>dotnet run --project BreachConsole -- sandbox --urls http://127.0.0.1:5090</c>: the Genesys sandbox alone.</summary>
internal static class SandboxHost
{
    public static async Task RunAsync(string[] args) => await Build(args).RunAsync();

    /// <summary>The standalone sandbox app; the tests start the same one on a free loopback port.</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        configure?.Invoke(builder);
        builder.Services.AddValidatedSettings<GenesysOptions, GenesysOptionsValidator>(GenesysOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddProblemDetails();
        builder.AddGenesysSandbox(standalone: true);

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/healthz", () => TypedResults.Ok());
        app.MapGenesysSandbox();
        return app;
    }
}
