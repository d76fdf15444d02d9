using System.Globalization;
using System.Text;
using BreachConsole.Core.Configuration;
using BreachConsole.Core.Genesys;
using BreachConsole.Core.Persistence;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace BreachConsole.Sandbox;

/// <summary>
/// The Genesys Cloud stand-in (contract.md, "Genesys sandbox"): login at <c>/sandbox/genesys/oauth/token</c>, the
/// Outbound and agentless endpoints at <c>/sandbox/genesys/api/v2/…</c> with Genesys's JSON shapes and refusals, its own
/// per-token limit, injected faults, a delivery loop and <c>/_stats</c>. ASP.NET lets everyone in (AllowAnonymous): the
/// sandbox does its own OAuth, as Genesys does.
/// </summary>
internal static class SandboxEndpoints
{
    public const string Prefix = "/sandbox/genesys";

    /// <summary>
    /// Registers the sandbox's state, its SQLite file and, when it runs (<paramref name="standalone"/> or
    /// <c>Genesys:Mode=Sandbox</c>), its delivery loop. In the console, a Genesys client with no <c>Genesys:ApiBaseUrl</c>
    /// then talks to this process's own <c>/sandbox/genesys/</c> over HTTP, through the same code as production.
    /// </summary>
    public static IHostApplicationBuilder AddGenesysSandbox(this IHostApplicationBuilder builder, bool standalone = false)
    {
        var services = builder.Services;
        var mounted = standalone || IsMounted(builder.Configuration);
        var file = builder.Configuration[$"{GenesysOptions.Section}:Sandbox:Database"] ?? new GenesysSandboxOptions().Database;
        var connectionString = DatabaseSetup.ResolveSqlitePath($"Data Source={file}", $"{GenesysOptions.Section}:Sandbox:Database",
            builder.Environment.ContentRootPath);
        services.AddDbContextFactory<SandboxDbContext>(o => o.UseSqlite(connectionString));
        services.AddSingleton<SandboxState>();
        services.AddSingleton<SandboxStats>();
        services.AddSingleton<SandboxDeliveryService>();
        if (mounted)
        {
            services.AddHostedService(sp => sp.GetRequiredService<SandboxDeliveryService>());
        }

        if (!standalone && mounted && string.IsNullOrEmpty(builder.Configuration[$"{GenesysOptions.Section}:ApiBaseUrl"]))
        {
            services.Replace(ServiceDescriptor.Singleton<IGenesysHostResolver, SelfHostResolver>());
        }

        return builder;
    }

    public static bool IsMounted(IConfiguration configuration) =>
        Enum.TryParse<GenesysMode>(configuration[$"{GenesysOptions.Section}:Mode"] ?? nameof(GenesysMode.Sandbox), ignoreCase: true, out var mode)
        && mode == GenesysMode.Sandbox;

    /// <summary>This process's first listening address + <c>/sandbox/genesys/</c>, for API and login alike.</summary>
    private sealed class SelfHostResolver(IServer server) : IGenesysHostResolver
    {
        public GenesysHosts Resolve()
        {
            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? throw new InvalidOperationException("The in-process Genesys sandbox needs the server's address; set Genesys:ApiBaseUrl.");
            var root = new Uri(address.Replace("://+", "://127.0.0.1", StringComparison.Ordinal).Replace("://*", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal).Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + Prefix + "/");
            return new GenesysHosts(root, root);
        }
    }

    public static void MapGenesysSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup(Prefix).AllowAnonymous().WithTags("Genesys sandbox").ExcludeFromDescription();
        sandbox.MapGet("/_stats", async (SandboxStats stats, CancellationToken ct) => TypedResults.Ok(await stats.SnapshotAsync(ct)));
        sandbox.MapPost("/oauth/token", Token).DisableAntiforgery();

        var api = sandbox.MapGroup("/api/v2").DisableAntiforgery().AddEndpointFilter(GuardAsync);
        SandboxOutbound.Map(api);
    }

    /// <summary>
    /// What Genesys does before any handler: correlation id, latency, the bearer token (401), the token's per-minute budget
    /// (429 + <c>Retry-After</c>, <c>inin-ratelimit-*</c> on every answer), then the configured faults.
    /// </summary>
    private static async ValueTask<object?> GuardAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var services = http.RequestServices;
        var state = services.GetRequiredService<SandboxState>();
        var options = services.GetRequiredService<IOptions<GenesysOptions>>().Value.Sandbox;
        var time = services.GetRequiredService<TimeProvider>();
        var correlationId = Guid.NewGuid().ToString();
        http.Response.Headers["inin-correlation-id"] = correlationId;
        state.CountRequest();

        if (options.LatencyMs > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(options.LatencyMs), time, http.RequestAborted);
        }

        var authorization = http.Request.Headers.Authorization.ToString();
        if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            state.CountUnauthorized();
            return SandboxJson.Error(401, "authentication.required", "No authentication bearer token specified in authorization header.",
                contextId: correlationId);
        }

        var token = authorization["Bearer ".Length..].Trim();
        if (!state.IsValid(token))
        {
            state.CountUnauthorized();
            return SandboxJson.Error(401, "bad.credentials", "Invalid login credentials.", contextId: correlationId);
        }

        var window = state.Count(token, options.RequestsPerMinute);
        var headers = http.Response.Headers;
        headers["inin-ratelimit-allowed"] = window.Allowed.ToString(CultureInfo.InvariantCulture);
        headers["inin-ratelimit-count"] = Math.Min(window.Count, window.Allowed).ToString(CultureInfo.InvariantCulture);
        headers["inin-ratelimit-reset"] = window.ResetSeconds.ToString(CultureInfo.InvariantCulture);
        var injected429 = options.RateLimitRate > 0 && Random.Shared.NextDouble() < options.RateLimitRate;
        if (window.Exceeded || injected429)
        {
            state.CountRateLimited();
            var seconds = window.Exceeded ? Math.Max(window.ResetSeconds, 1) : 1;
            headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return SandboxJson.Error(429, "too.many.requests.retry.after",
                $"Rate limit exceeded the maximum. Retry the request in [{seconds}] seconds", contextId: correlationId);
        }

        if (options.ServerErrorRate > 0 && Random.Shared.NextDouble() < options.ServerErrorRate)
        {
            state.CountServerError();
            return SandboxJson.Error(503, "service.unavailable", "The service is currently unavailable.", contextId: correlationId);
        }

        return await next(context);
    }

    /// <summary><c>POST /oauth/token</c>: client credentials, the client in <c>Authorization: Basic</c> or the form.</summary>
    private static async Task<IResult> Token(HttpRequest request, SandboxState state, IOptions<GenesysOptions> options)
    {
        state.CountRequest();
        var sandbox = options.Value.Sandbox;
        if (!request.HasFormContentType)
        {
            return Results.Json(new { error = "invalid_request", error_description = "Use application/x-www-form-urlencoded." }, statusCode: 400);
        }

        var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return Results.Json(new { error = "unsupported_grant_type", error_description = "Only client_credentials is supported." }, statusCode: 400);
        }

        var (clientId, clientSecret) = ((string?)form["client_id"], (string?)form["client_secret"]);
        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                var pair = Encoding.UTF8.GetString(Convert.FromBase64String(authorization["Basic ".Length..].Trim()));
                var colon = pair.IndexOf(':', StringComparison.Ordinal);
                (clientId, clientSecret) = colon < 0 ? (pair, null) : (pair[..colon], pair[(colon + 1)..]);
            }
            catch (FormatException)
            {
                (clientId, clientSecret) = (null, null);
            }
        }

        if (clientId != sandbox.ClientId || clientSecret != sandbox.ClientSecret)
        {
            return Results.Json(new { error = "invalid_client", description = "client not found or secret does not match" }, statusCode: 401);
        }

        var lifetime = TimeSpan.FromSeconds(sandbox.TokenLifetimeSeconds);
        return Results.Json(new { access_token = state.Issue(lifetime), token_type = "bearer", expires_in = sandbox.TokenLifetimeSeconds });
    }
}
