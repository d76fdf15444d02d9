namespace BreachConsole.Auth;

public enum AuthMode
{
    Entra,
    Development,
}

/// <summary>Section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    public AuthMode Mode { get; set; } = AuthMode.Entra;
}

/// <summary>The demo users of the contract, offered by the development sign-in page and accepted in <c>X-Dev-User</c>.</summary>
public static class DevelopmentUsers
{
    public static IReadOnlyDictionary<string, string> RoleByUser { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["legal.alice"] = Core.Common.Roles.Legal,
        ["legal.bob"] = Core.Common.Roles.Legal,
        ["ops.carol"] = Core.Common.Roles.Operations,
        ["ops.dave"] = Core.Common.Roles.Operations,
        ["auditor.erin"] = Core.Common.Roles.Auditor,
    };
}
