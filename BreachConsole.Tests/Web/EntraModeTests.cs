using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using BreachConsole.Tests.Infrastructure;
using Microsoft.IdentityModel.Tokens;

namespace BreachConsole.Tests.Web;

public sealed class EntraFixture : IAsyncLifetime
{
    public OidcStub Stub { get; private set; } = default!;

    public EntraConsoleFactory Factory { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        Stub = await OidcStub.StartAsync();
        Factory = new EntraConsoleFactory(Stub);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Stub.DisposeAsync();
    }
}

/// <summary>The console as production runs it: not Development, Auth:Mode=Entra, against the local stub provider.</summary>
public sealed class EntraConsoleFactory(OidcStub stub, IReadOnlyDictionary<string, string?>? extra = null) : ConsoleFactory
{
    protected override string Environment => "Staging";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>(extra ?? new Dictionary<string, string?>())
    {
        ["Auth:Mode"] = "Entra",
        ["AzureAd:Instance"] = stub.BaseUrl + "/",
        ["AzureAd:TenantId"] = OidcStub.TenantId,
        ["AzureAd:ClientId"] = OidcStub.ClientId,
        ["AzureAd:ClientSecret"] = "stub-secret",
        ["AzureAd:CallbackPath"] = "/signin-oidc",
        ["Preferences:PublicBaseUrl"] = "https://preferences.example.com",
        // Outside Development the sandbox is refused: the console is configured for Genesys Cloud (never called here).
        ["Genesys:Mode"] = "Cloud",
        ["Genesys:ClientId"] = "entra-tests-client",
        ["Genesys:ClientSecret"] = "entra-tests-secret",
        ["Genesys:Sms:SenderNumber"] = "+15555550100",
        ["Genesys:Email:DomainId"] = "entra-tests-domain",
        ["Genesys:Voice:CallAnalysisResponseSetId"] = "entra-tests-set",
        ["Genesys:Voice:EdgeGroupId"] = "entra-tests-edge",
        ["Genesys:Voice:CallerAddress"] = "+15555550100",
    };
}

public sealed class EntraModeTests(EntraFixture fixture) : IClassFixture<EntraFixture>
{
    [Fact]
    public async Task Page_AnonymousBrowser_IsRedirectedToTheProvidersAuthorizeEndpoint()
    {
        var browser = await fixture.Factory.BrowserAsync(null);

        var response = await browser.GetAsync("/incidents");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith(fixture.Stub.AuthorizeEndpoint, location, StringComparison.Ordinal);
        Assert.Contains($"client_id={OidcStub.ClientId}", location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateIncident_BearerWithOperationsRole_Returns201()
    {
        var response = await SendAsync(fixture.Stub.Token(["Operations"]));

        Assert.True(HttpStatusCode.Created == response.StatusCode, $"{response.StatusCode} {response.Headers.WwwAuthenticate}");
        Assert.Equal("automation@contoso.example", (await response.JsonAsync()).GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task CreateIncident_BearerWithLegalRole_Returns403()
    {
        var response = await SendAsync(fixture.Stub.Token(["Legal"]));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task CreateIncident_ExpiredToken_Returns401()
    {
        var token = fixture.Stub.Token(["Operations"], lifetime: TimeSpan.FromMinutes(5), notBefore: DateTime.UtcNow.AddHours(-2));

        var response = await SendAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateIncident_TokenSignedByAnotherKey_Returns401()
    {
        using var rsa = RSA.Create(2048);
        var token = fixture.Stub.Token(["Operations"], signWith: new RsaSecurityKey(rsa) { KeyId = "stub-key-1" });

        var response = await SendAsync(token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateIncident_TokenFromAnotherIssuer_Returns401()
    {
        var response = await SendAsync(fixture.Stub.Token(["Operations"], issuer: "https://login.example.net/other-tenant/v2.0"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateIncident_TokenForAnotherAudience_Returns401()
    {
        var response = await SendAsync(fixture.Stub.Token(["Operations"], audience: "some-other-api"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task CreateIncident_ValidTokenWhoseTidIsAnotherTenant_Returns401()
    {
        // Signed by the configured authority, right issuer and audience, Operations role: only the tid is foreign, as
        // when a multi-tenant app registration lets another organization's users obtain tokens for this API.
        var response = await SendAsync(fixture.Stub.Token(["Operations"], tenantId: "0badc0de-0000-4000-8000-000000000bad"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(fixture.Stub.Token(["Operations"]))).StatusCode);
    }

    [Fact]
    public async Task CreateIncident_TidListedInAllowedTenants_AcceptedAndAnUnlistedOneRefused()
    {
        const string partner = "5eed0000-1111-4222-8333-444455556666";
        await using var factory = new EntraConsoleFactory(fixture.Stub, new Dictionary<string, string?> { ["AzureAd:AllowedTenants:0"] = partner });
        async Task<HttpStatusCode> Send(string tenant)
        {
            var client = factory.Api(null);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.Stub.Token(["Operations"], tenantId: tenant));
            return (await client.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).StatusCode;
        }

        Assert.Equal(HttpStatusCode.Created, await Send(partner));
        Assert.Equal(HttpStatusCode.Created, await Send(OidcStub.TenantId));
        Assert.Equal(HttpStatusCode.Unauthorized, await Send("0badc0de-0000-4000-8000-000000000bad"));
    }

    [Fact]
    public async Task Api_DevUserHeaderInEntraMode_Returns401()
    {
        var response = await fixture.Factory.Api("ops.carol").PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ApproveTemplate_AuthorRenamedInEntra_StillRefusedByFourEyes()
    {
        const string aliceId = "11111111-aaaa-4aaa-8aaa-000000000001";
        var alice = Bearer(fixture.Stub.Token(["Legal"], objectId: aliceId, userName: "alice@contoso.example"));
        var created = await alice.PostAsJsonAsync("/api/v1/templates",
            new { name = $"Entra {Guid.NewGuid():N}", channel = "Sms", locale = "en", body = "Notice: {{ preferences_url }}" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.JsonAsync()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);

        // The same person after an Entra user-name change: a new name, the same object id.
        var renamed = Bearer(fixture.Stub.Token(["Legal"], objectId: aliceId, userName: "alice.smith@contoso.example"));
        var bob = Bearer(fixture.Stub.Token(["Legal"], objectId: "22222222-bbbb-4bbb-8bbb-000000000002", userName: "bob@contoso.example"));

        Assert.Equal(HttpStatusCode.Forbidden, (await renamed.PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { version = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await bob.PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { version = 1 })).StatusCode);
    }

    private HttpClient Bearer(string token)
    {
        var client = fixture.Factory.Api(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    private async Task<HttpResponseMessage> SendAsync(string token)
    {
        var client = fixture.Factory.Api(null);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
    }
}
