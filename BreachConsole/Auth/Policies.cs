using System.Security.Claims;
using BreachConsole.Core.Common;
using Microsoft.AspNetCore.Authorization;

namespace BreachConsole.Auth;

/// <summary>Authorization policies by role. Every endpoint and page names one; anything unnamed needs a signed-in user.</summary>
public static class Policies
{
    public const string Legal = "Legal";
    public const string Operations = "Operations";
    public const string Auditor = "Auditor";
    public const string LegalOrOperations = "LegalOrOperations";
    public const string OperationsOrAuditor = "OperationsOrAuditor";
    public const string AnyRole = "AnyRole";

    /// <summary>The role claim types a principal may carry: ASP.NET's own, Entra's <c>roles</c>, and the short JWT <c>role</c>.</summary>
    private static readonly string[] RoleClaimTypes = [ClaimTypes.Role, "roles", "role"];

    public static void Configure(AuthorizationOptions options)
    {
        Add(options, Legal, Roles.Legal);
        Add(options, Operations, Roles.Operations);
        Add(options, Auditor, Roles.Auditor);
        Add(options, LegalOrOperations, Roles.Legal, Roles.Operations);
        Add(options, OperationsOrAuditor, Roles.Operations, Roles.Auditor);
        Add(options, AnyRole, Roles.Legal, Roles.Operations, Roles.Auditor);
        options.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
    }

    private static void Add(AuthorizationOptions options, string name, params string[] roles) =>
        options.AddPolicy(name, p => p.RequireAuthenticatedUser().RequireAssertion(c => roles.Any(r => c.User.HasAppRole(r))));

    public static bool HasAppRole(this ClaimsPrincipal user, string role) =>
        user.Claims.Any(c => RoleClaimTypes.Contains(c.Type, StringComparer.Ordinal) && string.Equals(c.Value, role, StringComparison.Ordinal));

    /// <summary>The Core view of a signed-in user.</summary>
    public static Actor ToActor(this ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return new Actor("anonymous", []);
        }

        var name = user.FindFirstValue("preferred_username") ?? user.FindFirstValue(ClaimTypes.Name) ?? user.Identity.Name
            ?? user.FindFirstValue("oid") ?? user.FindFirstValue("sub") ?? "unknown";
        var roles = Roles.All.Where(user.HasAppRole).ToArray();
        var objectId = user.FindFirstValue("oid") ?? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/objectidentifier");
        var tenantId = user.FindFirstValue("tid") ?? user.FindFirstValue("http://schemas.microsoft.com/identity/claims/tenantid");
        return new Actor(name, roles, objectId is null ? null : $"{tenantId}:{objectId}");
    }
}
