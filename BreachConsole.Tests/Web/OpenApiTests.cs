using System.Net;
using System.Text.RegularExpressions;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;

namespace BreachConsole.Tests.Web;

public sealed partial class OpenApiTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private async Task<OpenApiDocument> LoadAsync()
    {
        var response = await factory.Api(null).GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var result = await OpenApiDocument.LoadAsync(stream, "json");
        Assert.NotNull(result.Document);
        Assert.Empty(result.Diagnostic?.Errors ?? []);
        return result.Document;
    }

    [Fact]
    public async Task Document_Anonymous_ListsEveryMappedApiV1Endpoint()
    {
        var document = await LoadAsync();

        var mapped = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => ("/" + e.RoutePattern.RawText!.TrimStart('/')).StartsWith("/api/v1/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(m => (Method: m, Path: Constraint().Replace("/" + e.RoutePattern.RawText!.Trim('/'), "{$1}"))))
            .Distinct()
            .ToList();

        Assert.NotEmpty(mapped);
        var missing = mapped.Where(r => !document.Paths.TryGetValue(r.Path, out var item) || item.Operations?.ContainsKey(new HttpMethod(r.Method)) != true)
            .Select(r => $"{r.Method} {r.Path}").ToList();
        Assert.True(missing.Count == 0, $"Not in /openapi/v1.json: {string.Join(", ", missing)}");
        Assert.DoesNotContain(document.Paths.Keys, p => !p.StartsWith("/api/v1/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Document_AuthSchemesAndProblemDetails_Described()
    {
        var document = await LoadAsync();

        Assert.Contains("Bearer", document.Components!.SecuritySchemes!.Keys);
        Assert.Contains("DevUser", document.Components.SecuritySchemes.Keys);
        Assert.Equal("X-Dev-User", document.Components.SecuritySchemes["DevUser"].Name);
        var create = document.Paths["/api/v1/incidents"].Operations![HttpMethod.Post];
        Assert.NotEmpty(create.Security!);
        Assert.NotNull(create.RequestBody);
        Assert.True(create.Responses!.ContainsKey("201"));
        Assert.Contains("application/problem+json", create.Responses["403"].Content!.Keys);
        var webhook = document.Paths["/api/v1/webhooks/pagerduty"].Operations![HttpMethod.Post];
        Assert.True(webhook.Security is null || webhook.Security.Count == 0);
        Assert.True(webhook.Responses!.ContainsKey("401"));
        Assert.True(webhook.Responses.ContainsKey("413"));
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}
