using System.Net;
using System.Security.Claims;
using BreachConsole.Auth;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Web;

/// <summary>What an open Blazor circuit, a sign-in cookie and a forwarded header can still do after the user's rights end.</summary>
public sealed class SessionHardeningTests(EntraFixture entra) : IClassFixture<EntraFixture>
{
    [Fact]
    public void Circuit_SessionSignedOutInAnotherTab_LosesItsRights()
    {
        var sessions = new ConsoleSessions(new FakeTimeProvider());
        using var provider = DevelopmentProvider(sessions);
        var user = SignedIn("legal.alice", "Legal");
        Assert.True(provider.IsStillValid(user));

        sessions.Revoke(user);

        Assert.False(provider.IsStillValid(user));
        Assert.True(provider.IsStillValid(SignedIn("legal.alice", "Legal")), "another session of the same user is unaffected");
    }

    [Fact]
    public void Circuit_PrincipalClaimingARoleTheUserNoLongerHolds_LosesItsRights()
    {
        using var provider = DevelopmentProvider(new ConsoleSessions(new FakeTimeProvider()));

        Assert.False(provider.IsStillValid(SignedIn("legal.alice", "Operations")));
        Assert.False(provider.IsStillValid(SignedIn("former.employee", "Legal")));
    }

    [Fact]
    public async Task Circuit_SignOutThroughTheForm_RevokesTheCircuitsSession()
    {
        await using var factory = new ConsoleFactory();
        var browser = await factory.BrowserAsync(DemoUsers.LegalAlice);
        var sessions = factory.Services.GetRequiredService<ConsoleSessions>();
        var token = await ConsoleFactory.AntiforgeryTokenAsync(browser);
        // The principal the circuit holds: read back from the cookie the sign-in set.
        using var scope = factory.Services.CreateScope();
        Assert.IsType<RevalidatingConsoleAuthenticationStateProvider>(scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>());
        var before = sessions.RevokedCount;

        using var form = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token });
        var response = await browser.PostAsync("/account/logout", form);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(before + 1, sessions.RevokedCount);
    }

    [Fact]
    public void SignInCookie_OutsideDevelopment_IsSentOverHttpsOnly()
    {
        var services = entra.Factory.Services;
        var cookie = services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieAuthenticationDefaults.AuthenticationScheme);
        var antiforgery = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;

        Assert.Equal(CookieSecurePolicy.Always, cookie.Cookie.SecurePolicy);
        Assert.Equal(CookieSecurePolicy.Always, antiforgery.Cookie.SecurePolicy);
    }

    [Fact]
    public void EntraToken_FromAnotherTenant_IsRefused()
    {
        var allowed = new HashSet<Guid> { Guid.Parse(OidcStub.TenantId) };

        Assert.True(EntraTenants.Allows(allowed, new ClaimsPrincipal(new ClaimsIdentity([new Claim("tid", OidcStub.TenantId)], "t"))));
        Assert.False(EntraTenants.Allows(allowed, new ClaimsPrincipal(new ClaimsIdentity([new Claim("tid", Guid.NewGuid().ToString())], "t"))));
        Assert.False(EntraTenants.Allows(allowed, new ClaimsPrincipal(new ClaimsIdentity([], "t"))));
    }

    [Fact]
    public async Task ForwardedHeaders_OnlyTheConfiguredProxy_IsBelieved()
    {
        await using var factory = new ProxiedConsoleFactory();
        var options = factory.Services.GetRequiredService<IOptions<ForwardedHeadersOptions>>().Value;

        Assert.Equal([IPAddress.Parse("10.0.0.5")], options.KnownProxies);
        Assert.Empty(options.KnownIPNetworks);
        Assert.True(options.ForwardedHeaders.HasFlag(ForwardedHeaders.XForwardedProto));
    }

    private sealed class ProxiedConsoleFactory : ConsoleFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ForwardedHeaders:KnownProxies:0"] = "10.0.0.5",
        };
    }

    private static RevalidatingConsoleAuthenticationStateProvider DevelopmentProvider(ConsoleSessions sessions) =>
        new(NullLoggerFactory.Instance, sessions, Options.Create(new AuthOptions { Mode = AuthMode.Development }));

    private static ClaimsPrincipal SignedIn(string name, string role)
    {
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "Cookies", ClaimTypes.Name, ClaimTypes.Role));
        ConsoleSessions.Stamp(principal);
        return principal;
    }
}
