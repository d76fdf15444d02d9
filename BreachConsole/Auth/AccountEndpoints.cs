using System.Security.Claims;
using BreachConsole.Core.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace BreachConsole.Auth;

/// <summary>Sign-in and sign-out. Both are form posts guarded by antiforgery tokens.</summary>
internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this IEndpointRouteBuilder app)
    {
        var account = app.MapGroup("/account");

        account.MapPost("/login", async (HttpContext http, [FromForm] string? user, [FromForm] string? returnUrl, IOptions<AuthOptions> auth,
            AuditTrail audit) =>
        {
            var target = SafeReturnUrl(returnUrl);
            if (auth.Value.Mode == AuthMode.Entra)
            {
                await http.ChallengeAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = target });
                return Results.Empty;
            }

            if (user is null || !DevelopmentUsers.RoleByUser.TryGetValue(user, out var role))
            {
                return Results.Redirect($"/account/login?error=unknown&returnUrl={Uri.EscapeDataString(target)}");
            }

            var identity = DevelopmentIdentity.Create(user, role, CookieAuthenticationDefaults.AuthenticationScheme);
            var principal = new ClaimsPrincipal(identity);
            ConsoleSessions.Stamp(principal);
            await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
            await audit.RecordAsync(new AuditRecord(user, role, AuditActions.SignIn, "session"));
            return Results.LocalRedirect(target);
        }).AllowAnonymous();

        account.MapPost("/logout", async (HttpContext http, IOptions<AuthOptions> auth, IAntiforgery antiforgery, AuditTrail audit,
            ConsoleSessions sessions) =>
        {
            // No form field is bound here, so the framework would not check the token by itself.
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The antiforgery token is missing or invalid.");
            }

            if (http.User.Identity?.IsAuthenticated == true)
            {
                var actor = http.User.ToActor();
                await audit.RecordAsync(new AuditRecord(actor.Name, actor.PrimaryRole, AuditActions.SignOut, "session"));
                // Open Blazor circuits of this session lose their rights at their next revalidation.
                sessions.Revoke(http.User);
            }

            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            if (auth.Value.Mode == AuthMode.Entra)
            {
                await http.SignOutAsync(OpenIdConnectDefaults.AuthenticationScheme, new AuthenticationProperties { RedirectUri = "/" });
                return Results.Empty;
            }

            return Results.LocalRedirect("/account/login");
        }).AllowAnonymous();
    }

    /// <summary>Only a local path; anything else (absolute, protocol-relative, backslash tricks) goes home.</summary>
    public static string SafeReturnUrl(string? returnUrl) =>
        !string.IsNullOrEmpty(returnUrl) && returnUrl[0] == '/' && (returnUrl.Length == 1 || (returnUrl[1] != '/' && returnUrl[1] != '\\'))
            ? returnUrl
            : "/";
}
