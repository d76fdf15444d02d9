using System.Net;
using System.Net.Http.Json;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Web;

/// <summary>
/// Every endpoint and routable page × anonymous and each demo user → the status the contract promises. An endpoint the
/// app maps without a row here fails <see cref="Matrix_CoversEveryMappedEndpoint"/>: a new door needs a decision.
/// </summary>
public sealed class RoleMatrixTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    // Expected status per caller, in the order: anonymous, legal.alice, legal.bob, ops.carol, ops.dave, auditor.erin.
    private static readonly int[] AnyRoleApi = [401, 200, 200, 200, 200, 200];
    private static readonly int[] OperationsCreate = [401, 403, 403, 201, 201, 403];
    private static readonly int[] AnyRolePage = [302, 200, 200, 200, 200, 200];
    private static readonly int[] AuditorApi = [401, 403, 403, 403, 403, 200];
    private static readonly int[] AuditorPage = [302, 403, 403, 403, 403, 200];
    private static readonly int[] OperationsOrAuditorApi = [401, 403, 403, 200, 200, 200];
    private static readonly int[] OperationsPage = [302, 403, 403, 200, 200, 403];
    private static readonly int[] OperationsApi = [401, 403, 403, 200, 200, 403];
    private static readonly int[] LegalOrOperationsApi = [401, 200, 200, 200, 200, 403];
    private static readonly int[] OperationsOrAuditorPage = [302, 403, 403, 200, 200, 200];
    // Find a contact by a customer id no contact has: the role gate first, then 404.
    private static readonly int[] OperationsOrAuditorNotFound = [401, 403, 403, 404, 404, 404];
    private static readonly int[] Public = [200, 200, 200, 200, 200, 200];
    // A form post without the antiforgery token is refused whoever sends it.
    private static readonly int[] AntiforgeryGuarded = [400, 400, 400, 400, 400, 400];
    private static readonly int[] LegalPage = [302, 200, 200, 403, 403, 403];
    private static readonly int[] LegalCreate = [401, 201, 201, 403, 403, 403];
    // Template actions on an id that does not exist: the role gate answers first, then Legal gets 404.
    private static readonly int[] LegalOnUnknownTemplate = [401, 404, 404, 403, 403, 403];
    private static readonly int[] LegalOrOperationsOnUnknownTemplate = [401, 404, 404, 404, 404, 403];
    private static readonly int[] AnyRoleOnUnknownTemplate = [401, 404, 404, 404, 404, 404];
    // Webhooks are signed by their sender, not by a user: without a signature everyone gets 401.
    private static readonly int[] SignedWebhook = [401, 401, 401, 401, 401, 401];
    // Confirm/dismiss an incident that is not in Triage: the role gate first, then 409 for Operations.
    private static readonly int[] OperationsOnOpenIncident = [401, 403, 403, 409, 409, 403];
    // The customer's preference page: anonymous by design; a link that is not one of ours is a friendly 400 (a tampered link is a bad request).
    private static readonly int[] PublicUnknownLink = [400, 400, 400, 400, 400, 400];

    private static readonly int[] OperationsOnUnknownCampaign = [401, 403, 403, 404, 404, 403];
    private static readonly int[] OperationsOrAuditorOnUnknownCampaign = [401, 403, 403, 404, 404, 404];

    private static HttpRequestMessage Post(string url) => new(HttpMethod.Post, url);

    private sealed record Row(Kind Kind, Func<Guid, HttpRequestMessage> Request, int[] Expected);

    private enum Kind
    {
        Api,
        Page,
    }

    private static readonly Dictionary<string, Row> Matrix = new()
    {
        ["GET /api/v1/incidents"] = new(Kind.Api, _ => Get("/api/v1/incidents"), AnyRoleApi),
        ["POST /api/v1/incidents"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/incidents")
        {
            Content = JsonContent.Create(ApiJson.ValidIncident()),
        }, OperationsCreate),
        ["GET /api/v1/incidents/{id:guid}"] = new(Kind.Api, id => Get($"/api/v1/incidents/{id}"), AnyRoleApi),
        ["PUT /api/v1/incidents/{id:guid}/affected"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{id}/affected")
        {
            Content = JsonContent.Create(new { counts = new Dictionary<string, int> { ["US-CA"] = 10 } }),
        }, LegalOrOperationsApi),
        ["PUT /api/v1/incidents/{id:guid}/notice-facts"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/incidents/{id}/notice-facts")
        {
            Content = JsonContent.Create(new { description = "An unauthorised party read a customer database." }),
        }, LegalOrOperationsApi),
        ["POST /api/v1/incidents/{id:guid}/delays"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/delays")
        {
            Content = JsonContent.Create(new { kind = "LawEnforcement", requestedBy = "FBI", from = "2026-11-02T00:00:00Z", to = "2026-11-03T00:00:00Z" }),
        }, LegalOrOperationsApi),
        ["POST /api/v1/incidents/{id:guid}/deadlines/delay-reason"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/deadlines/delay-reason")
        {
            Content = JsonContent.Create(new { ruleId = "EU-authority", reason = "Filed late: the scope was unclear." }),
        }, LegalOrOperationsApi),
        ["GET /api/v1/templates"] = new(Kind.Api, _ => Get("/api/v1/templates"), AnyRoleApi),
        ["POST /api/v1/templates"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/templates")
        {
            Content = JsonContent.Create(new { name = $"Matrix {Guid.NewGuid():N}", channel = "Sms", locale = "en", body = "x {{ preferences_url }}" }),
        }, LegalCreate),
        ["GET /api/v1/templates/{id:guid}"] = new(Kind.Api, id => Get($"/api/v1/templates/{id}"), AnyRoleOnUnknownTemplate),
        ["GET /api/v1/templates/{id:guid}/versions/{version:int}"] = new(Kind.Api, id => Get($"/api/v1/templates/{id}/versions/1"), AnyRoleOnUnknownTemplate),
        ["PUT /api/v1/templates/{id:guid}"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Put, $"/api/v1/templates/{id}")
        {
            Content = JsonContent.Create(new { body = "x {{ preferences_url }}" }),
        }, LegalOnUnknownTemplate),
        ["POST /api/v1/templates/{id:guid}/submit"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/templates/{id}/submit"), LegalOnUnknownTemplate),
        ["POST /api/v1/templates/{id:guid}/approve"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/templates/{id}/approve"), LegalOnUnknownTemplate),
        ["POST /api/v1/templates/{id:guid}/reject"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/templates/{id}/reject")
        {
            Content = JsonContent.Create(new { comment = "no" }),
        }, LegalOnUnknownTemplate),
        ["POST /api/v1/templates/{id:guid}/withdraw"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/templates/{id}/withdraw"), LegalOnUnknownTemplate),
        ["POST /api/v1/templates/{id:guid}/preview"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/templates/{id}/preview"), LegalOrOperationsOnUnknownTemplate),
        ["GET /api/v1/audit"] = new(Kind.Api, _ => Get("/api/v1/audit"), AuditorApi),
        ["GET /api/v1/audit/verify"] = new(Kind.Api, _ => Get("/api/v1/audit/verify"), AuditorApi),
        ["GET /api/v1/audit/export"] = new(Kind.Api, _ => Get("/api/v1/audit/export?format=json"), AuditorApi),
        ["GET /api/v1/incidents/{id:guid}/evidence"] = new(Kind.Api, id => Get($"/api/v1/incidents/{id}/evidence"), OperationsOrAuditorApi),
        ["POST /api/v1/incidents/{id:guid}/contacts"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/contacts")
        {
            Content = new StringContent($"{ContactsApi.Header}\n{ContactsApi.Row("RM-1")}\n", System.Text.Encoding.UTF8, "text/csv"),
        }, OperationsApi),
        ["GET /api/v1/incidents/{id:guid}/contacts"] = new(Kind.Api, id => Get($"/api/v1/incidents/{id}/contacts"), OperationsOrAuditorApi),
        ["POST /api/v1/incidents/{id:guid}/contacts/find"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/contacts/find")
        {
            Content = JsonContent.Create(new { customerId = "RM-NOBODY" }),
        }, OperationsOrAuditorNotFound),
        ["PUT /api/v1/preferences"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/preferences")
        {
            Content = JsonContent.Create(new { customerId = "RM-1", optOutMarketing = false, optOutServiceAlerts = false }),
        }, OperationsApi),
        ["POST /api/v1/keys/rotate"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys/rotate"), OperationsApi),
        ["POST /api/v1/keys/data-key/rotate"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys/data-key/rotate"),
            [401, 403, 403, 202, 202, 403]),
        ["GET /api/v1/keys/reencryption"] = new(Kind.Api, _ => Get("/api/v1/keys/reencryption"), OperationsOrAuditorApi),
        ["POST /api/v1/incidents/{id:guid}/campaigns"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/campaigns")
        {
            Content = JsonContent.Create(new { name = $"Matrix {Guid.NewGuid():N}", templateName = "Card data exposure" }),
        }, OperationsCreate),
        ["GET /api/v1/incidents/{id:guid}/campaigns"] = new(Kind.Api, id => Get($"/api/v1/incidents/{id}/campaigns"), AnyRoleApi),
        ["GET /api/v1/campaigns"] = new(Kind.Api, _ => Get("/api/v1/campaigns"), AnyRoleApi),
        ["GET /api/v1/campaigns/{id:guid}"] = new(Kind.Api, id => Get($"/api/v1/campaigns/{id}"), AnyRoleOnUnknownTemplate),
        ["GET /api/v1/campaigns/{id:guid}/progress"] = new(Kind.Api, id => Get($"/api/v1/campaigns/{id}/progress"), AnyRoleOnUnknownTemplate),
        ["GET /api/v1/campaigns/{id:guid}/progress/history"] = new(Kind.Api, id => Get($"/api/v1/campaigns/{id}/progress/history"), AnyRoleOnUnknownTemplate),
        ["GET /api/v1/campaigns/{id:guid}/exceptions"] = new(Kind.Api, id => Get($"/api/v1/campaigns/{id}/exceptions?format=csv"), OperationsOrAuditorOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/preflight"] = new(Kind.Api, id => Post($"/api/v1/campaigns/{id}/preflight"), OperationsOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/submit"] = new(Kind.Api, id => Post($"/api/v1/campaigns/{id}/submit"), OperationsOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/approve"] = new(Kind.Api, id => Post($"/api/v1/campaigns/{id}/approve"), OperationsOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/launch"] = new(Kind.Api, id =>
        {
            var request = Post($"/api/v1/campaigns/{id}/launch");
            request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString());
            return request;
        }, OperationsOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/pause"] = new(Kind.Api, id => Post($"/api/v1/campaigns/{id}/pause"), OperationsOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/resume"] = new(Kind.Api, id => Post($"/api/v1/campaigns/{id}/resume"), OperationsOnUnknownCampaign),
        ["POST /api/v1/campaigns/{id:guid}/cancel"] = new(Kind.Api, id => Post($"/api/v1/campaigns/{id}/cancel"), OperationsOnUnknownCampaign),
        // The progress hub authenticates like the API; a request without a connection id is a 400 once signed in.
        ["ANY /hubs/progress/negotiate"] = new(Kind.Api, _ => Post("/hubs/progress/negotiate?negotiateVersion=1"), AnyRoleApi),
        ["ANY /hubs/progress"] = new(Kind.Api, _ => Get("/hubs/progress"), [401, 400, 400, 400, 400, 400]),
        ["PAGE /campaigns/{Id:guid}"] = new(Kind.Page, id => Get($"/campaigns/{id}"), AnyRolePage),
        ["PAGE /incidents/{Id:guid}/contacts"] = new(Kind.Page, id => Get($"/incidents/{id}/contacts"), OperationsOrAuditorPage),
        ["PAGE /incidents/{Id:guid}/import"] = new(Kind.Page, id => Get($"/incidents/{id}/import"), OperationsPage),
        ["POST /api/v1/webhooks/pagerduty"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/pagerduty")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        }, SignedWebhook),
        ["POST /api/v1/webhooks/jira"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/jira")
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        }, SignedWebhook),
        ["POST /api/v1/incidents/{id:guid}/confirm"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/confirm")
        {
            Content = JsonContent.Create(new { jurisdictions = new[] { "EU" }, dataElements = new[] { "Email" } }),
        }, OperationsOnOpenIncident),
        ["POST /api/v1/incidents/{id:guid}/dismiss"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/dismiss"),
            OperationsOnOpenIncident),
        ["GET /openapi/{documentName}.json"] = new(Kind.Api, _ => Get("/openapi/v1.json"), Public),
        ["PAGE /webhooks"] = new(Kind.Page, _ => Get("/webhooks"), OperationsPage),
        ["PAGE /preferences/{Link}"] = new(Kind.Page, _ => Get("/preferences/not-a-link"), PublicUnknownLink),
        ["ANY /healthz"] = new(Kind.Api, _ => Get("/healthz"), Public),
        ["ANY /readyz"] = new(Kind.Api, _ => Get("/readyz"), Public),
        ["GET /sandbox/genesys/_stats"] = new(Kind.Api, _ => Get("/sandbox/genesys/_stats"), Public),
        ["POST /account/login"] = new(Kind.Page, _ => new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["user"] = "ops.carol" }),
        }, AntiforgeryGuarded),
        ["POST /account/logout"] = new(Kind.Page, _ => new HttpRequestMessage(HttpMethod.Post, "/account/logout")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>()),
        }, AntiforgeryGuarded),
        ["PAGE /"] = new(Kind.Page, _ => Get("/"), AnyRolePage),
        ["PAGE /incidents"] = new(Kind.Page, _ => Get("/incidents"), AnyRolePage),
        ["PAGE /incidents/{Id:guid}"] = new(Kind.Page, id => Get($"/incidents/{id}"), AnyRolePage),
        ["PAGE /templates"] = new(Kind.Page, _ => Get("/templates"), AnyRolePage),
        ["PAGE /templates/new"] = new(Kind.Page, _ => Get("/templates/new"), LegalPage),
        ["PAGE /templates/{Id:guid}"] = new(Kind.Page, id => Get($"/templates/{id}"), AnyRolePage),
        ["PAGE /audit"] = new(Kind.Page, _ => Get("/audit"), AuditorPage),
        ["PAGE /sandbox"] = new(Kind.Page, _ => Get("/sandbox"), OperationsPage),
        ["PAGE /account/login"] = new(Kind.Page, _ => Get("/account/login"), Public),
        ["PAGE /account/denied"] = new(Kind.Page, _ => Get("/account/denied"), Public),
        ["PAGE /error/{Code:int}"] = new(Kind.Page, _ => Get("/error/404"), Public),
        ["PAGE /not-found"] = new(Kind.Page, _ => Get("/not-found"), Public),
    };

    public static TheoryData<string> Keys() => [.. Matrix.Keys];

    [Fact]
    public void Matrix_CoversEveryMappedEndpoint()
    {
        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => !IsFrameworkOrAsset(e))
            .SelectMany(KeysOf)
            .ToHashSet();

        var missing = mapped.Except(Matrix.Keys).Order().ToList();
        var stale = Matrix.Keys.Except(mapped).Order().ToList();

        Assert.True(missing.Count == 0, $"Endpoints without a row in the role matrix: {string.Join(", ", missing)}");
        Assert.True(stale.Count == 0, $"Matrix rows for endpoints that no longer exist: {string.Join(", ", stale)}");
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public async Task Endpoint_EachCaller_GetsExpectedStatus(string key)
    {
        var row = Matrix[key];
        var incidentId = await ExistingIncidentAsync();
        var actual = new List<int>();
        foreach (var user in DemoUsers.AllAndAnonymous)
        {
            var client = row.Kind == Kind.Api ? factory.Api(user) : await factory.BrowserAsync(user);
            using var request = row.Request(incidentId);
            using var response = await client.SendAsync(request);
            actual.Add((int)response.StatusCode);
            if (response.StatusCode == HttpStatusCode.Redirect && row.Kind == Kind.Page && user is null)
            {
                Assert.Equal("/account/login", new Uri(new Uri("http://localhost/"), response.Headers.Location!).AbsolutePath);
            }
        }

        Assert.Equal(row.Expected, actual);
    }

    private async Task<Guid> ExistingIncidentAsync()
    {
        var response = await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        return (await response.JsonAsync()).GetProperty("id").GetGuid();
    }

    private static HttpRequestMessage Get(string url) => new(HttpMethod.Get, url);

    private static IEnumerable<string> KeysOf(RouteEndpoint endpoint)
    {
        var pattern = "/" + endpoint.RoutePattern.RawText!.Trim('/');
        if (endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null)
        {
            return [$"PAGE {pattern}"];
        }

        var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["ANY"];
        return methods.Select(m => $"{m} {pattern}");
    }

    private static bool IsFrameworkOrAsset(RouteEndpoint endpoint)
    {
        var raw = endpoint.RoutePattern.RawText ?? "";
        var trimmed = raw.TrimStart('/');
        var lastSegment = trimmed.Split('/')[^1];
        // The Genesys sandbox's API and login are public to ASP.NET and authenticated by the sandbox's own OAuth, as Genesys
        // authenticates; their 401/400/429 behaviour is covered by the Genesys contract tests (Genesys/…ContractTests.cs).
        return trimmed.StartsWith("sandbox/genesys/api/", StringComparison.Ordinal)
            || trimmed.StartsWith("sandbox/genesys/oauth/", StringComparison.Ordinal)
            || trimmed.StartsWith("_framework", StringComparison.Ordinal)
            || trimmed.StartsWith("_content", StringComparison.Ordinal)
            || trimmed.StartsWith("_blazor", StringComparison.Ordinal)
            || raw.Contains(":file}", StringComparison.Ordinal)
            || (lastSegment.Contains('.', StringComparison.Ordinal) && !lastSegment.Contains('{', StringComparison.Ordinal));
    }
}
