using Microsoft.Extensions.Options;

namespace BreachConsole.Core.Genesys;

/// <summary>Where the client sends login and API calls; both end in '/', paths are relative (<c>oauth/token</c>, <c>api/v2/…</c>).</summary>
public sealed record GenesysHosts(Uri Api, Uri Login);

/// <summary>Finds the Genesys hosts. The host replaces it in sandbox mode to point at its own <c>/sandbox/genesys/</c>.</summary>
public interface IGenesysHostResolver
{
    GenesysHosts Resolve();
}

/// <summary><c>Genesys:ApiBaseUrl</c>/<c>LoginBaseUrl</c> when set, else the region table; a login host follows its API host.</summary>
public sealed class OptionsGenesysHostResolver(IOptions<GenesysOptions> options) : IGenesysHostResolver
{
    public GenesysHosts Resolve() => FromOptions(options.Value);

    public static GenesysHosts FromOptions(GenesysOptions o)
    {
        var api = o.ApiBaseUrl is { } a ? WithSlash(a) : GenesysRegions.ApiBaseUrl(o.Region);
        var login = o.LoginBaseUrl is { } l ? WithSlash(l)
            : o.ApiBaseUrl is null ? GenesysRegions.LoginBaseUrl(o.Region)
            : api.Host.StartsWith("api.", StringComparison.OrdinalIgnoreCase) ? new UriBuilder(api) { Host = "login." + api.Host[4..] }.Uri
            : api;
        return new GenesysHosts(api, login);
    }

    private static Uri WithSlash(Uri uri) => uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
}

public static class GenesysCredentials
{
    /// <summary>The OAuth client to use: <c>Genesys:ClientId</c>/<c>ClientSecret</c>, or in sandbox mode the sandbox's own client.</summary>
    public static (string ClientId, string ClientSecret) For(GenesysOptions o) =>
        o.Mode == GenesysMode.Sandbox
            ? (o.ClientId ?? o.Sandbox.ClientId, o.ClientSecret ?? o.Sandbox.ClientSecret)
            : (o.ClientId!, o.ClientSecret!);
}
