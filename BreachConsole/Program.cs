using BreachConsole.Core;
using BreachConsole.Core.Configuration;
using BreachConsole.Hosting;
using BreachConsole.Sandbox;
using Microsoft.Extensions.Options;

try
{
    if (args is ["sandbox", .. var sandboxArgs])
    {
        await SandboxHost.RunAsync(sandboxArgs);
        return 0;
    }

    var builder = WebApplication.CreateBuilder(args);
    builder.AddBreachConsoleCore();
    builder.AddBreachConsoleWeb();

    var app = builder.Build();
    app.UseBreachConsoleWeb();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (StartupRefusal.Describe(ex) is { } reason)
{
    await Console.Error.WriteLineAsync($"BreachConsole refused to start: {reason}");
    return 2;
}

/// <summary>The entry point, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
