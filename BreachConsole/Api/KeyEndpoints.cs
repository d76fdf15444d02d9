using BreachConsole.Auth;
using BreachConsole.Core.Vault;

namespace BreachConsole.Api;

internal static class KeyEndpoints
{
    public static void MapKeyEndpoints(this RouteGroupBuilder api) =>
        // Operations (see KeyRotationService for the role decision); Core re-checks the role and audits keys.rotate.
        api.MapPost("/keys/rotate", async (HttpContext http, KeyRotationService rotation, CancellationToken ct) =>
            TypedResults.Ok(await rotation.RotateAsync(http.User.ToActor(), ct)))
            .WithTags("Keys").RequireAuthorization(Policies.Operations);
}
