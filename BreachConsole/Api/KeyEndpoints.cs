using BreachConsole.Auth;
using BreachConsole.Core.Vault;

namespace BreachConsole.Api;

internal static class KeyEndpoints
{
    public static void MapKeyEndpoints(this RouteGroupBuilder api)
    {
        // Operations (see KeyRotationService for the role decision); Core re-checks the role and audits keys.rotate.
        api.MapPost("/keys/rotate", async (HttpContext http, KeyRotationService rotation, CancellationToken ct) =>
            TypedResults.Ok(await rotation.RotateAsync(http.User.ToActor(), ct)))
            .WithTags("Keys").RequireAuthorization(Policies.Operations);

        // A new data key for new fields; existing rows move to it in the background (progress below). Audited.
        api.MapPost("/keys/data-key/rotate", async (HttpContext http, DataKeyRotationService rotation, CancellationToken ct) =>
            TypedResults.Accepted("/api/v1/keys/reencryption", await rotation.RotateAsync(http.User.ToActor(), ct)))
            .WithTags("Keys").RequireAuthorization(Policies.Operations);

        api.MapGet("/keys/reencryption", async (HttpContext http, DataKeyRotationService rotation, CancellationToken ct) =>
                TypedResults.Ok(await rotation.ProgressAsync(http.User.ToActor(), ct)))
            .WithTags("Keys").RequireAuthorization(Policies.OperationsOrAuditor);
    }
}
