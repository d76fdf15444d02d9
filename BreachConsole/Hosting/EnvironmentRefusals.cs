using System.Net;
using BreachConsole.Core.Configuration;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Vault;

namespace BreachConsole.Hosting;

/// <summary>
/// Settings that are only safe on a developer's machine. Each is refused, naming its key, in every environment except
/// <c>Development</c>: a <c>Staging</c> host is reachable by people too.
/// </summary>
internal static class EnvironmentRefusals
{
    /// <summary>The client id and secret committed in appsettings.json for the sandbox; never real credentials.</summary>
    private static readonly string[] CommittedSandboxClientIds = ["sandbox"];
    private static readonly string[] CommittedSandboxSecrets = ["sandbox-secret"];

    public static void Apply(WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var environment = builder.Environment;
        if (environment.IsDevelopment())
        {
            return;
        }

        var mode = configuration[$"{GenesysOptions.Section}:Mode"];
        if (string.IsNullOrWhiteSpace(mode) || string.Equals(mode, nameof(GenesysMode.Sandbox), StringComparison.OrdinalIgnoreCase))
        {
            throw new StartupSettingsException("Genesys:Mode",
                $"the in-process Genesys sandbox is refused outside the Development environment (this is {environment.EnvironmentName}; "
                + "it keeps delivered addresses in plaintext and accepts a published secret): set Genesys:Mode to Cloud.");
        }

        // The local key ring is a file on the same host as the database: in Production the KEK lives in a KMS.
        var keys = configuration["Keys:Provider"];
        if (environment.IsProduction() && (string.IsNullOrWhiteSpace(keys) || string.Equals(keys, nameof(KeyProvider.Local), StringComparison.OrdinalIgnoreCase)))
        {
            throw new StartupSettingsException("Keys:Provider",
                "the local key ring is refused in the Production environment (a stolen host would hold both the data and its key): set Keys:Provider to AwsKms.");
        }

        if (string.Equals(mode, nameof(GenesysMode.Cloud), StringComparison.OrdinalIgnoreCase))
        {
            foreach (var key in new[] { "Genesys:ApiBaseUrl", "Genesys:LoginBaseUrl" })
            {
                var value = configuration[key];
                if (!string.IsNullOrWhiteSpace(value) && Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme != Uri.UriSchemeHttps)
                {
                    throw new StartupSettingsException(key,
                        $"must be an https:// URL outside the Development environment (this is {environment.EnvironmentName}): "
                        + "the OAuth client secret and every contact would cross the network in clear.");
                }
            }

            if (CommittedSandboxClientIds.Contains(configuration["Genesys:ClientId"], StringComparer.Ordinal))
            {
                throw new StartupSettingsException("Genesys:ClientId",
                    "is the sandbox's published client id; Genesys:Mode=Cloud needs your own OAuth client (set Genesys:ClientId and Genesys:ClientSecret).");
            }

            if (CommittedSandboxSecrets.Contains(configuration["Genesys:ClientSecret"], StringComparer.Ordinal))
            {
                throw new StartupSettingsException("Genesys:ClientSecret",
                    "is the sandbox's published secret; Genesys:Mode=Cloud needs your own OAuth client secret from a secret store.");
            }
        }
    }

    /// <summary>
    /// <c>ForwardedHeaders:KnownProxies</c>: the addresses of a TLS-terminating proxy whose <c>X-Forwarded-For</c> and
    /// <c>X-Forwarded-Proto</c> are believed. None configured: forwarded headers are ignored.
    /// </summary>
    public static IReadOnlyList<IPAddress> KnownProxies(IConfiguration configuration)
    {
        var section = configuration.GetSection("ForwardedHeaders:KnownProxies");
        var proxies = new List<IPAddress>();
        foreach (var child in section.GetChildren())
        {
            if (!IPAddress.TryParse(child.Value, out var address))
            {
                throw new StartupSettingsException(child.Path, "must be an IP address (the proxy that terminates TLS in front of the console).");
            }

            proxies.Add(address);
        }

        return proxies;
    }
}
