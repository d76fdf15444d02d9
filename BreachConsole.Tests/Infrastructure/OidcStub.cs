using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BreachConsole.Tests.Infrastructure;

/// <summary>
/// A local OpenID Connect provider shaped like Entra ID v2.0: discovery document and JWKS on real loopback HTTP, and
/// tokens signed with its RSA key. Lets the Entra mode run end to end with no network.
/// </summary>
public sealed class OidcStub : IAsyncDisposable
{
    public const string TenantId = "7f0d8c3e-1b2a-4c5d-9e8f-001122334455";
    public const string ClientId = "3a1b5c7d-0000-4000-8000-breachconsole";

    private readonly WebApplication _app;
    private readonly RSA _rsa = RSA.Create(2048);

    private OidcStub(WebApplication app, RsaSecurityKey key)
    {
        _app = app;
        SigningKey = key;
    }

    public RsaSecurityKey SigningKey { get; }

    public string BaseUrl { get; private set; } = "";

    public string Issuer => $"{BaseUrl}/{TenantId}/v2.0";

    public string AuthorizeEndpoint => $"{BaseUrl}/{TenantId}/oauth2/v2.0/authorize";

    public static async Task<OidcStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var rsa = RSA.Create(2048);
        var key = new RsaSecurityKey(rsa) { KeyId = "stub-key-1" };
        var stub = new OidcStub(app, key);

        app.MapGet($"/{TenantId}/v2.0/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = stub.Issuer,
            ["authorization_endpoint"] = stub.AuthorizeEndpoint,
            ["token_endpoint"] = $"{stub.BaseUrl}/{TenantId}/oauth2/v2.0/token",
            ["end_session_endpoint"] = $"{stub.BaseUrl}/{TenantId}/oauth2/v2.0/logout",
            ["jwks_uri"] = $"{stub.BaseUrl}/{TenantId}/discovery/v2.0/keys",
            ["response_types_supported"] = new[] { "code", "id_token", "code id_token" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["scopes_supported"] = new[] { "openid", "profile", "email", "offline_access" },
        }));
        app.MapGet($"/{TenantId}/discovery/v2.0/keys", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(rsa.ExportParameters(false)) { KeyId = key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = "RSA", use = "sig", alg = "RS256", kid = key.KeyId, n = jwk.N, e = jwk.E } } });
        });

        await app.StartAsync();
        stub.BaseUrl = app.Urls.First().TrimEnd('/');
        return stub;
    }

    /// <summary>An access token for this app, as Entra would issue it to a caller holding <paramref name="roles"/>.</summary>
    public string Token(string[] roles, TimeSpan? lifetime = null, SecurityKey? signWith = null, DateTime? notBefore = null,
        string? issuer = null, string? audience = null, string objectId = "00000000-0000-0000-0000-00000000abcd",
        string userName = "automation@contoso.example", string tenantId = TenantId)
    {
        var now = DateTime.UtcNow;
        var from = notBefore ?? now.AddMinutes(-1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer ?? Issuer,
            Audience = audience ?? ClientId,
            NotBefore = from,
            IssuedAt = from,
            Expires = from + (lifetime ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(signWith ?? SigningKey, SecurityAlgorithms.RsaSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim("tid", tenantId),
                new Claim("oid", objectId),
                new Claim("sub", "subject-abcd"),
                new Claim("ver", "2.0"),
                new Claim("azp", "automation-client"),
                new Claim("preferred_username", userName),
                .. roles.Select(r => new Claim("roles", r)),
            ]),
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _rsa.Dispose();
    }
}
