using BreachConsole.Core.Configuration;
using BreachConsole.Core.Genesys;

namespace BreachConsole.Sandbox;

/// <summary><c>dotnet run --project BreachConsole -- sandbox --urls http://127.0.0.1:5090</c>: the Genesys sandbox alone.</summary>
internal static class SandboxHost
{
    public static async Task RunAsync(string[] args)
    {
        var builder = WebApplication.CreateSlimBuilder(args);
        builder.Services.AddValidatedSettings<GenesysOptions, GenesysOptionsValidator>(GenesysOptions.Section);
        builder.Services.AddProblemDetails();
        builder.Services.AddGenesysSandbox();

        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapGet("/healthz", () => TypedResults.Ok());
        app.MapGenesysSandbox();
        await app.RunAsync();
    }
}
