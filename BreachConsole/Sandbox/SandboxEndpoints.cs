namespace BreachConsole.Sandbox;

/// <summary>
/// The Genesys Cloud stand-in, mounted under <c>/sandbox/genesys</c>. So far it answers only <c>_stats</c>; the
/// OAuth and Outbound endpoints arrive with the Genesys client (issue 5), which is why every counter is still zero.
/// </summary>
internal static class SandboxEndpoints
{
    public const string Prefix = "/sandbox/genesys";

    public static IServiceCollection AddGenesysSandbox(this IServiceCollection services) => services.AddSingleton<SandboxStats>();

    public static void MapGenesysSandbox(this IEndpointRouteBuilder app)
    {
        var sandbox = app.MapGroup(Prefix).AllowAnonymous().WithTags("Genesys sandbox");
        sandbox.MapGet("/_stats", (SandboxStats stats) => TypedResults.Ok(stats.Snapshot()));
    }
}

/// <summary>
/// What the sandbox has seen, per contract.md. With no Outbound endpoint mounted yet nothing can be counted, so every
/// figure is zero; the counters arrive with the endpoints that move them.
/// </summary>
internal sealed class SandboxStats
{
    public SandboxStatsSnapshot Snapshot() => new(0, 0, 0, 0, 0, 0);
}

internal sealed record SandboxStatsSnapshot(
    long Requests, long RateLimited, long ServerErrors, long ContactsReceived, long MessagesDelivered, long DuplicateDeliveries);
