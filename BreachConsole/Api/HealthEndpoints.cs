using BreachConsole.Core.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace BreachConsole.Api;

/// <summary><c>/healthz</c>: the database answers. <c>/readyz</c>: migrations ran, the database answers and the vault's keys unwrap.</summary>
internal static class HealthEndpoints
{
    private const string ReadyTag = "ready";

    public static IServiceCollection AddConsoleHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database")
            .AddCheck<MigrationsHealthCheck>("migrations", tags: [ReadyTag])
            .AddCheck<VaultKeysHealthCheck>("vault-keys", tags: [ReadyTag]);
        return services;
    }

    public static void MapHealthEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Name == "database" }).AllowAnonymous();
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = _ => true }).AllowAnonymous();
    }

    private sealed class DatabaseHealthCheck(IDbContextFactory<BreachConsoleDbContext> contexts) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return await db.Database.CanConnectAsync(cancellationToken)
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy("The database cannot be reached.");
        }
    }

    /// <summary>Ready only when every stored data key unwraps under the configured KEK provider (a missing or wrong key ring fails).</summary>
    private sealed class VaultKeysHealthCheck(DatabaseReadiness readiness, Core.Vault.VaultKeyStore keys) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            if (!readiness.IsReady)
            {
                return HealthCheckResult.Unhealthy("Migrations have not run yet.");
            }

            try
            {
                await keys.VerifyAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The reason names key ids and files only; it stays in the log, not in an anonymous answer.
                return HealthCheckResult.Unhealthy("The vault's data keys cannot be unwrapped.");
            }
        }
    }

    private sealed class MigrationsHealthCheck(DatabaseReadiness readiness) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(readiness.IsReady ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("Migrations have not run yet."));
    }
}
