using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace BreachConsole.Auth;

/// <summary>
/// Development-mode API authentication: <c>X-Dev-User: ops.carol</c>. An unknown name fails (401); no header means
/// not signed in (401 on challenge). Never registered when <c>Auth:Mode</c> is <c>Entra</c>.
/// </summary>
internal sealed class DevUserHeaderHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "DevUserHeader";
    public const string HeaderName = "X-Dev-User";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(HeaderName, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var name = values.ToString().Trim();
        if (!DevelopmentUsers.RoleByUser.TryGetValue(name, out var role))
        {
            return Task.FromResult(AuthenticateResult.Fail("Unknown development user."));
        }

        var principal = new ClaimsPrincipal(DevelopmentIdentity.Create(name, role, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}

internal static class DevelopmentIdentity
{
    public static ClaimsIdentity Create(string name, string role, string authenticationType) =>
        new(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.NameIdentifier, name), new Claim(ClaimTypes.Role, role)],
            authenticationType, ClaimTypes.Name, ClaimTypes.Role);
}
