namespace BreachConsole.Core.Common;

/// <summary>The three app roles of the contract. Every use case names the roles it accepts.</summary>
public static class Roles
{
    public const string Legal = "Legal";
    public const string Operations = "Operations";
    public const string Auditor = "Auditor";

    public static IReadOnlyList<string> All { get; } = [Legal, Operations, Auditor];
}

/// <summary>
/// Who is acting. Built by the host from the signed-in principal (cookie, bearer token or X-Dev-User) and handed to
/// every Core use case, which re-checks the role itself: the UI hiding a button is a convenience, not the rule.
/// </summary>
public sealed record Actor(string Name, IReadOnlyList<string> Roles)
{
    /// <summary>The process itself: demo seed, background dispatch, webhooks after their signature was checked.</summary>
    public static Actor System { get; } = new("system", []);

    public bool IsIn(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The role an action was taken in: the first of <paramref name="accepted"/> the actor holds.</summary>
    public string RoleFor(params string[] accepted) =>
        accepted.FirstOrDefault(IsIn) ?? (Roles.Count > 0 ? Roles[0] : "None");

    /// <summary>Throws <see cref="ForbiddenException"/> unless the actor holds one of the roles.</summary>
    public string Require(params string[] accepted)
    {
        var role = accepted.FirstOrDefault(IsIn);
        return role ?? throw new ForbiddenException($"This action needs the role {string.Join(" or ", accepted)}.");
    }
}
