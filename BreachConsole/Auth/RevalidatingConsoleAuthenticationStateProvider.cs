using System.Security.Claims;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.Extensions.Options;

namespace BreachConsole.Auth;

/// <summary>
/// An open Blazor circuit re-checks its user every <see cref="RevalidationInterval"/>: a signed-out session, or (in
/// Development, where the console knows the users) a role the user no longer holds, turns the circuit anonymous, so its
/// pages and handlers lose their rights within a minute. In Entra mode role changes arrive with the next sign-in
/// (the cookie lives at most 8 hours); a sign-out ends every circuit of the session.
/// </summary>
internal sealed class RevalidatingConsoleAuthenticationStateProvider(ILoggerFactory loggerFactory, ConsoleSessions sessions,
    IOptions<AuthOptions> auth) : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        Task.FromResult(IsStillValid(authenticationState.User));

    internal bool IsStillValid(ClaimsPrincipal user)
    {
        if (user.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        if (sessions.IsRevoked(user))
        {
            return false;
        }

        if (auth.Value.Mode == AuthMode.Development)
        {
            var name = user.Identity.Name;
            if (name is null || !DevelopmentUsers.RoleByUser.TryGetValue(name, out var role))
            {
                return false;
            }

            return user.FindAll(ClaimTypes.Role).All(c => string.Equals(c.Value, role, StringComparison.Ordinal));
        }

        return true;
    }
}
