using BreachConsole.Core.Audit;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;

namespace BreachConsole.Auth;

/// <summary>
/// Records every refused request of a signed-in user (403) in the audit log before the default handler answers.
/// The target is the route pattern, never the raw URL, so no value a URL might carry reaches the log.
/// </summary>
internal sealed class AuditingAuthorizationResultHandler(AuditTrail audit) : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _default = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult authorizeResult)
    {
        if (authorizeResult.Forbidden && context.User.Identity?.IsAuthenticated == true)
        {
            await DeniedAccess.RecordAsync(audit, context, "The caller's role does not meet the endpoint's policy.");
        }

        await _default.HandleAsync(next, context, policy, authorizeResult);
    }
}

internal static class DeniedAccess
{
    public static Task RecordAsync(AuditTrail audit, HttpContext context, string reason)
    {
        var route = "/" + ((context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched").Trim('/');
        return audit.RecordDeniedAsync(context.User.ToActor(), $"{context.Request.Method} {route}", reason,
            System.Diagnostics.Activity.Current?.Id ?? context.TraceIdentifier);
    }
}
