using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace BreachConsole.Tests.Infrastructure;

/// <summary>
/// The real console on a real SQLite file in a fresh temporary folder. Settings go in through
/// <see cref="Settings"/> so each test class can describe the configuration it runs under.
/// </summary>
public class ConsoleFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "breachconsole-tests", Guid.NewGuid().ToString("N"));

    public string DatabasePath => Path.Combine(DataDirectory, "console.db");

    protected virtual string Environment => "Development";

    /// <summary>Every log line the app wrote (after redaction), for tests that prove what never reaches a log.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    protected virtual IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        Directory.CreateDirectory(DataDirectory);
        builder.UseEnvironment(Environment);
        builder.UseSetting("ConnectionStrings:BreachConsole", $"Data Source={DatabasePath}");
        builder.UseSetting("Demo:Seed", "false");
        builder.UseSetting("Keys:LocalKeyRingPath", Path.Combine(DataDirectory, "keyring.json"));
        builder.UseSetting("Genesys:Sandbox:Database", Path.Combine(DataDirectory, "sandbox.db"));
        builder.ConfigureLogging(l => l.AddProvider(Logs));
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            if (Time is not null)
            {
                services.AddSingleton<TimeProvider>(Time);
            }
        });
    }

    /// <summary>Set before first use to run the app on a fake clock.</summary>
    public TimeProvider? Time { get; init; }

    /// <summary>An API client; <paramref name="user"/> goes in <c>X-Dev-User</c> (none: anonymous).</summary>
    public HttpClient Api(string? user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        if (user is not null)
        {
            client.DefaultRequestHeaders.Add("X-Dev-User", user);
        }

        return client;
    }

    /// <summary>A browser-like client signed in through the development sign-in form (cookie + antiforgery).</summary>
    public async Task<HttpClient> BrowserAsync(string? user)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (user is null)
        {
            return client;
        }

        var token = await AntiforgeryTokenAsync(client);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = user,
            ["returnUrl"] = "/",
        });
        var response = await client.PostAsync("/account/login", form);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return client;
    }

    public static async Task<string> AntiforgeryTokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/account/login");
        var match = Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"");
        Assert.True(match.Success, "the sign-in page carries an antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a finalizer; the temp folder is cleaned by the OS.
            }
        }
    }
}

public static class DemoUsers
{
    public const string LegalAlice = "legal.alice";
    public const string LegalBob = "legal.bob";
    public const string OpsCarol = "ops.carol";
    public const string OpsDave = "ops.dave";
    public const string AuditorErin = "auditor.erin";

    public static IReadOnlyList<string?> AllAndAnonymous { get; } = [null, LegalAlice, LegalBob, OpsCarol, OpsDave, AuditorErin];
}
