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
    private static readonly int[] OperationsApi = [401, 403, 403, 200, 200, 403];
    private static readonly int[] OperationsOrAuditorApi = [401, 403, 403, 200, 200, 200];
    // A signed-in user without the page's role is refused; today the host's status-code re-execution to /error/403 finds no
    // endpoint (routing is not re-run inside the pages branch) and answers an empty 404. Still a refusal; the 404s become
    // 403s when the host is fixed (reported to the lead), and these rows must change with it.
    private static readonly int[] OperationsPage = [302, 404, 404, 200, 200, 404];
    private static readonly int[] OperationsOrAuditorPage = [302, 404, 404, 200, 200, 200];
    private static readonly int[] Public = [200, 200, 200, 200, 200, 200];
    // A form post without the antiforgery token is refused whoever sends it.
    private static readonly int[] AntiforgeryGuarded = [400, 400, 400, 400, 400, 400];

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
        ["POST /api/v1/incidents/{id:guid}/contacts"] = new(Kind.Api, id => new HttpRequestMessage(HttpMethod.Post, $"/api/v1/incidents/{id}/contacts")
        {
            Content = new StringContent($"{ContactsApi.Header}\n{ContactsApi.Row("RM-1")}\n", System.Text.Encoding.UTF8, "text/csv"),
        }, OperationsApi),
        ["GET /api/v1/incidents/{id:guid}/contacts"] = new(Kind.Api, id => Get($"/api/v1/incidents/{id}/contacts"), OperationsOrAuditorApi),
        ["PUT /api/v1/preferences"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Put, "/api/v1/preferences")
        {
            Content = JsonContent.Create(new { customerId = "RM-1", optOutMarketing = false, optOutServiceAlerts = false }),
        }, OperationsApi),
        ["POST /api/v1/keys/rotate"] = new(Kind.Api, _ => new HttpRequestMessage(HttpMethod.Post, "/api/v1/keys/rotate"), OperationsApi),
        ["PAGE /incidents/{Id:guid}/contacts"] = new(Kind.Page, id => Get($"/incidents/{id}/contacts"), OperationsOrAuditorPage),
        ["PAGE /incidents/{Id:guid}/import"] = new(Kind.Page, id => Get($"/incidents/{id}/import"), OperationsPage),
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
        return trimmed.StartsWith("_framework", StringComparison.Ordinal)
            || trimmed.StartsWith("_content", StringComparison.Ordinal)
            || trimmed.StartsWith("_blazor", StringComparison.Ordinal)
            || raw.Contains(":file}", StringComparison.Ordinal)
            || (lastSegment.Contains('.', StringComparison.Ordinal) && !lastSegment.Contains('{', StringComparison.Ordinal));
    }
}
