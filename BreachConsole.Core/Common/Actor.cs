namespace BreachConsole.Core.Common;

/// <summary>
/// Who is acting. Built by the host from the signed-in principal (cookie, bearer token or X-Dev-User) and handed to
/// every Core use case, which re-checks the role itself: the UI hiding a button is a convenience, not the rule.
/// </summary>
public sealed record Actor(string Name, IReadOnlyList<string> Roles, string? Id = null)
{
    /// <summary>
    /// Who the actor is for rules that compare people (four-eyes): the identity provider's immutable subject when there is
    /// one (Entra: tenant and object id), else the name. Names are for display; an Entra user name can be changed.
    /// </summary>
    public string StableId => Id ?? Name;

    /// <summary>True when <paramref name="authorId"/> (a stored <see cref="StableId"/>) is this actor.</summary>
    public bool IsSamePerson(string? authorId) => string.Equals(authorId, StableId, StringComparison.Ordinal);

    /// <summary>The process itself: demo seed, background dispatch, webhooks after their signature was checked.</summary>
    public static Actor System { get; } = new("system", []);

    public bool IsIn(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>The role recorded for an action no single role governs (sign-in, a refusal): the first held, else "None".</summary>
    public string PrimaryRole => Roles.Count > 0 ? Roles[0] : "None";

    /// <summary>The role an action was taken in: the first of <paramref name="accepted"/> the actor holds.</summary>
    public string RoleFor(params string[] accepted) => accepted.FirstOrDefault(IsIn) ?? PrimaryRole;

    /// <summary>Throws <see cref="ForbiddenException"/> unless the actor holds one of the roles.</summary>
    public string Require(params string[] accepted)
    {
        var role = accepted.FirstOrDefault(IsIn);
        return role ?? throw new ForbiddenException($"This action needs the role {string.Join(" or ", accepted)}.");
    }
}
