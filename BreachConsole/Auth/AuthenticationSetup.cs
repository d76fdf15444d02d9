using System.Net;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Configuration;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace BreachConsole.Auth;

/// <summary>
/// Two doors, two credentials. Browser pages use the sign-in cookie (development page or Entra OpenID Connect);
/// <c>/api</c> and <c>/hubs</c> accept only a bearer token (Entra) or <c>X-Dev-User</c> (Development), never the
/// cookie, so a page on another site cannot ride a signed-in session.
/// </summary>
internal static class AuthenticationSetup
{
    public const string SelectorScheme = "BreachConsole";
    public const string ChallengeSelectorScheme = "BreachConsole.Challenge";
    public const string CookieName = "BreachConsole.Auth";

    public static AuthMode AddConsoleAuthentication(this WebApplicationBuilder builder)
    {
        var mode = ReadMode(builder);
        var services = builder.Services;
        var secureCookies = !builder.Environment.IsDevelopment();
        void ConfigureCookie(CookieAuthenticationOptions o) => ConfigureConsoleCookie(o, secureCookies);
        if (secureCookies)
        {
            // Outside Development every cookie the console sets travels over HTTPS only (TLS may end at a known proxy).
            services.AddAntiforgery(o => o.Cookie.SecurePolicy = CookieSecurePolicy.Always);
        }

        services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);

        var auth = services.AddAuthentication(o =>
        {
            o.DefaultScheme = SelectorScheme;
            o.DefaultChallengeScheme = ChallengeSelectorScheme;
            o.DefaultForbidScheme = SelectorScheme;
            o.DefaultSignInScheme = CookieAuthenticationDefaults.AuthenticationScheme;
        });

        string apiScheme;
        string browserChallenge;
        if (mode == AuthMode.Development)
        {
            auth.AddCookie(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie);
            auth.AddScheme<AuthenticationSchemeOptions, DevUserHeaderHandler>(DevUserHeaderHandler.SchemeName, null);
            apiScheme = DevUserHeaderHandler.SchemeName;
            browserChallenge = CookieAuthenticationDefaults.AuthenticationScheme;
        }
        else
        {
            var azureAd = builder.Configuration.GetSection("AzureAd");
            RequireSetting(azureAd, "Instance");
            RequireSetting(azureAd, "ClientId");
            if (string.IsNullOrWhiteSpace(azureAd["TenantId"]) && string.IsNullOrWhiteSpace(azureAd["Authority"]))
            {
                throw new StartupSettingsException("AzureAd:TenantId", "is required when Auth:Mode is Entra.");
            }

            var allowedTenants = EntraTenants.Read(azureAd);

            auth.AddMicrosoftIdentityWebApp(azureAd, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
            auth.AddMicrosoftIdentityWebApi(azureAd, JwtBearerDefaults.AuthenticationScheme);
            services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, ConfigureCookie);

            // An identity provider on this machine's loopback (a local stub) may serve its metadata over plain HTTP, and
            // is a generic OpenID Connect issuer: tokens are checked against the issuer its own discovery document
            // names (standard OIDC validation) rather than Entra's multi-tenant issuer templates, which are fetched
            // over HTTPS from Microsoft. Anything that crosses a network keeps HTTPS and the Entra validator.
            var loopbackAuthority = Uri.TryCreate(azureAd["Instance"], UriKind.Absolute, out var instance) && IsLoopback(instance);
            if (loopbackAuthority)
            {
                services.Configure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
                {
                    o.RequireHttpsMetadata = false;
                    o.TokenValidationParameters.IssuerValidator = null;
                    o.TokenValidationParameters.ValidateIssuer = true;
                });
                services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
                {
                    o.RequireHttpsMetadata = false;
                    o.TokenValidationParameters.IssuerValidator = null;
                });
            }

            // Tokens from a tenant the console does not serve are refused, whatever the authority accepted.
            services.PostConfigure<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme, o =>
            {
                var previous = o.Events.OnTokenValidated;
                o.Events.OnTokenValidated = async ctx =>
                {
                    await previous(ctx);
                    EntraTenants.RefuseOthers(allowedTenants, ctx.Principal, ctx.Fail);
                };
            });

            // A completed Entra sign-in is recorded like the development one.
            services.PostConfigure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, o =>
            {
                var previousValidated = o.Events.OnTokenValidated;
                o.Events.OnTokenValidated = async ctx =>
                {
                    await previousValidated(ctx);
                    EntraTenants.RefuseOthers(allowedTenants, ctx.Principal, ctx.Fail);
                };
                var previous = o.Events.OnTicketReceived;
                o.Events.OnTicketReceived = async ctx =>
                {
                    await previous(ctx);
                    if (ctx.Principal is { } principal)
                    {
                        ConsoleSessions.Stamp(principal);
                        var actor = principal.ToActor();
                        await ctx.HttpContext.RequestServices.GetRequiredService<AuditTrail>().RecordAsync(new AuditRecord(actor.Name,
                            actor.PrimaryRole, AuditActions.SignIn, "session"));
                    }
                };
            });

            apiScheme = JwtBearerDefaults.AuthenticationScheme;
            browserChallenge = OpenIdConnectDefaults.AuthenticationScheme;
        }

        auth.AddPolicyScheme(SelectorScheme, "API credential or browser cookie", o =>
            o.ForwardDefaultSelector = ctx => IsApiRequest(ctx.Request) ? apiScheme : CookieAuthenticationDefaults.AuthenticationScheme);
        auth.AddPolicyScheme(ChallengeSelectorScheme, "API 401 or browser sign-in", o =>
            o.ForwardDefaultSelector = ctx => IsApiRequest(ctx.Request) ? apiScheme : browserChallenge);

        services.AddAuthorization(Policies.Configure);
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();
        services.AddCascadingAuthenticationState();
        services.AddSingleton<ConsoleSessions>();
        services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, RevalidatingConsoleAuthenticationStateProvider>();
        return mode;
    }

    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase)
        || request.Path.StartsWithSegments("/hubs", StringComparison.OrdinalIgnoreCase);

    private static AuthMode ReadMode(WebApplicationBuilder builder)
    {
        var raw = builder.Configuration["Auth:Mode"];
        if (string.IsNullOrWhiteSpace(raw))
        {
            throw new StartupSettingsException("Auth:Mode", "is required: Entra or Development.");
        }

        if (!Enum.TryParse<AuthMode>(raw, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            throw new StartupSettingsException("Auth:Mode", "must be Entra or Development.");
        }

        // Development sign-in hands every role to whoever sends X-Dev-User: only a developer's own machine may run it.
        if (mode == AuthMode.Development && !builder.Environment.IsDevelopment())
        {
            throw new StartupSettingsException("Auth:Mode",
                $"Development sign-in is refused outside the Development environment (this is {builder.Environment.EnvironmentName}): "
                + "set Auth:Mode to Entra and configure AzureAd.");
        }

        return mode;
    }

    private static void RequireSetting(IConfigurationSection section, string name)
    {
        if (string.IsNullOrWhiteSpace(section[name]))
        {
            throw new StartupSettingsException($"{section.Path}:{name}", "is required when Auth:Mode is Entra.");
        }
    }

    private static void ConfigureConsoleCookie(CookieAuthenticationOptions o, bool secure)
    {
        o.Cookie.Name = CookieName;
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        o.LoginPath = "/account/login";
        o.LogoutPath = "/account/logout";
        o.AccessDeniedPath = "/account/denied";
        o.ExpireTimeSpan = TimeSpan.FromHours(8);
        o.SlidingExpiration = true;
        // A signed-in user without the page's role gets a real 403 with a readable page, not a redirect.
        o.Events.OnRedirectToAccessDenied = ctx =>
        {
            ctx.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        };
    }

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host, out var ip) && IPAddress.IsLoopback(ip));
}
