using System.Diagnostics;

namespace BreachConsole.Tests.Web;

/// <summary>The real program as a process: a bad setting stops start-up with a non-zero exit naming the key.</summary>
public sealed class StartupRefusalTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "breachconsole-startup", Guid.NewGuid().ToString("N"));

    public StartupRefusalTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task Start_DevelopmentSignInInProduction_ExitsNamingAuthMode()
    {
        var (exitCode, stderr) = await RunAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Production", ["Auth__Mode"] = "Development" });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Auth:Mode", stderr, StringComparison.Ordinal);
        Assert.Contains("Production", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Genesys__BatchSize", "5000", "Genesys:BatchSize")]
    [InlineData("Genesys__Region", "mars_north_1", "Genesys:Region")]
    [InlineData("Genesys__Mode", "Telepathy", "Genesys:Mode")]
    [InlineData("Dispatch__SlaWindow", "-01:00:00", "Dispatch:SlaWindow")]
    [InlineData("Auth__Mode", "Magic", "Auth:Mode")]
    [InlineData("Keys__Provider", "AwsKms", "Keys:AwsKmsKeyId")]
    [InlineData("Residency__Regions__EU__Countries__0", "germany", "Residency:Regions:EU:Countries:0")]
    [InlineData("ConnectionStrings__BreachConsole", "", "ConnectionStrings:BreachConsole")]
    [InlineData("OpenTelemetry__Endpoint", "collector:4317", "OpenTelemetry:Endpoint")]
    [InlineData("OpenTelemetry__Protocol", "Carrier pigeon", "OpenTelemetry:Protocol")]
    public async Task Start_InvalidSetting_ExitsNamingTheKey(string variable, string value, string key)
    {
        var (exitCode, stderr) = await RunAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Development", [variable] = value });

        Assert.NotEqual(0, exitCode);
        Assert.Contains(key, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SandboxGenesysInProduction_ExitsNamingGenesysMode()
    {
        var (exitCode, stderr) = await RunAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AzureAd__Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd__TenantId"] = "contoso",
            ["AzureAd__ClientId"] = "client",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("Genesys:Mode", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_EntraWithoutClientId_ExitsNamingTheKey()
    {
        var (exitCode, stderr) = await RunAsync(new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["AzureAd__Instance"] = "https://login.microsoftonline.com/",
            ["AzureAd__TenantId"] = "contoso",
        });

        Assert.NotEqual(0, exitCode);
        Assert.Contains("AzureAd:ClientId", stderr, StringComparison.Ordinal);
    }

    private async Task<(int ExitCode, string Stderr)> RunAsync(Dictionary<string, string> environment)
    {
        var app = Path.Combine(AppContext.BaseDirectory, "BreachConsole.dll");
        var start = new ProcessStartInfo("dotnet", [app, "--urls", "http://127.0.0.1:0"])
        {
            // The content root is where appsettings.json sits, as when an operator starts the published app.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.Environment["ConnectionStrings__BreachConsole"] = $"Data Source={Path.Combine(_folder, "console.db")}";
        start.Environment["Demo__Seed"] = "false";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The console started instead of refusing: {await stdout}");
        }

        return (process.ExitCode, await stderr + await stdout);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
