using System.Security.Claims;
using BreachConsole.Core.Configuration;

namespace BreachConsole.Auth;

/// <summary>
/// Which Entra tenants may sign in. <c>AzureAd:TenantId</c> must be a tenant GUID: <c>common</c> or <c>organizations</c>
/// accept tokens issued by any tenant, so a multi-tenant authority is only allowed together with
/// <c>AzureAd:AllowedTenants</c>, which every token's <c>tid</c> claim is checked against.
/// </summary>
internal static class EntraTenants
{
    public const string TenantClaim = "tid";
    private const string TenantIdClaimUri = "http://schemas.microsoft.com/identity/claims/tenantid";

    public static IReadOnlySet<Guid> Read(IConfigurationSection azureAd)
    {
        var allowed = new HashSet<Guid>();
        foreach (var child in azureAd.GetSection("AllowedTenants").GetChildren())
        {
            if (!Guid.TryParse(child.Value, out var tenant))
            {
                throw new StartupSettingsException(child.Path, "must be a tenant id (a GUID).");
            }

            allowed.Add(tenant);
        }

        var tenantId = azureAd["TenantId"];
        if (!string.IsNullOrWhiteSpace(tenantId))
        {
            if (Guid.TryParse(tenantId, out var own))
            {
                allowed.Add(own);
            }
            else if (allowed.Count == 0)
            {
                throw new StartupSettingsException($"{azureAd.Path}:TenantId",
                    "must be your tenant's id (a GUID): 'common' and 'organizations' accept tokens from any Entra tenant. "
                    + "For a multi-tenant authority list the tenants that may sign in under AzureAd:AllowedTenants.");
            }
        }

        return allowed;
    }

    /// <summary>No allow-list (an Authority without a tenant id): the authority's own issuer check stands alone.</summary>
    public static bool Allows(IReadOnlySet<Guid> allowed, ClaimsPrincipal? principal)
    {
        if (allowed.Count == 0)
        {
            return true;
        }

        var tid = principal?.FindFirst(TenantClaim)?.Value ?? principal?.FindFirst(TenantIdClaimUri)?.Value;
        return Guid.TryParse(tid, out var tenant) && allowed.Contains(tenant);
    }

    /// <summary>
    /// Fails a validated token, an API bearer token or a browser sign-in alike, whose tenant may not sign in, whatever
    /// the authority accepted.
    /// </summary>
    public static void RefuseOthers(IReadOnlySet<Guid> allowed, ClaimsPrincipal? validated, Action<string> fail)
    {
        if (!Allows(allowed, validated))
        {
            fail("The token's tenant is not allowed.");
        }
    }
}
