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

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public async Task Start_SandboxGenesysOutsideDevelopment_ExitsNamingGenesysMode(string environment)
    {
        var (exitCode, stderr) = await RunAsync(new(EntraOutsideDevelopment(environment)));

        Assert.Equal(2, exitCode);
        Assert.Contains("Genesys:Mode", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_DevelopmentSignInOnStagingHost_ExitsNamingAuthMode()
    {
        // A Staging host with Auth__Mode=Development would hand every role to anyone who sends X-Dev-User.
        var (exitCode, stderr) = await RunAsync(new() { ["ASPNETCORE_ENVIRONMENT"] = "Staging", ["Auth__Mode"] = "Development" });

        Assert.Equal(2, exitCode);
        Assert.Contains("Auth:Mode", stderr, StringComparison.Ordinal);
        Assert.Contains("Staging", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AzureAd__TenantId", "common", "AzureAd:TenantId")]
    [InlineData("AzureAd__TenantId", "organizations", "AzureAd:TenantId")]
    [InlineData("Genesys__ApiBaseUrl", "http://api.mypurecloud.ie/", "Genesys:ApiBaseUrl")]
    [InlineData("Genesys__LoginBaseUrl", "http://login.mypurecloud.ie/", "Genesys:LoginBaseUrl")]
    [InlineData("Genesys__ClientSecret", "sandbox-secret", "Genesys:ClientSecret")]
    [InlineData("Genesys__ClientId", "sandbox", "Genesys:ClientId")]
    [InlineData("ForwardedHeaders__KnownProxies__0", "the-proxy", "ForwardedHeaders:KnownProxies:0")]
    public async Task Start_AttackerFriendlySettingOutsideDevelopment_ExitsNamingTheKey(string variable, string value, string key)
    {
        var environment = EntraOutsideDevelopment("Staging");
        environment["Genesys__Mode"] = "Cloud";
        environment["Genesys__ClientId"] = "our-client";
        environment["Genesys__ClientSecret"] = "from-the-secret-store";
        environment[variable] = value;

        var (exitCode, stderr) = await RunAsync(environment);

        Assert.Equal(2, exitCode);
        Assert.Contains(key, stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LocalKeyRingInProduction_ExitsNamingKeysProvider()
    {
        var environment = EntraOutsideDevelopment("Production");
        environment["Genesys__Mode"] = "Cloud";
        environment["Genesys__ClientId"] = "our-client";
        environment["Genesys__ClientSecret"] = "from-the-secret-store";

        var (exitCode, stderr) = await RunAsync(environment);

        Assert.Equal(2, exitCode);
        Assert.Contains("Keys:Provider", stderr, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> EntraOutsideDevelopment(string environment) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["Auth__Mode"] = "Entra",
        ["AzureAd__Instance"] = "https://login.microsoftonline.com/",
        ["AzureAd__TenantId"] = "7f0d8c3e-1b2a-4c5d-9e8f-001122334455",
        ["AzureAd__ClientId"] = "client",
    };

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
