using System.Security.Claims;
using BreachConsole.Components.Shared;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Common;
using BreachConsole.Tests.Infrastructure;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Web;

public sealed class UiRefusalsTests
{
    [Fact]
    public async Task Report_CoreRefusedAConsoleEvent_RecordsDeniedLikeAnHttp403()
    {
        using var app = new ConsoleFactory();
        var trail = app.Services.GetRequiredService<AuditTrail>();
        var refusals = new UiRefusals(trail, new SignedIn("legal.alice", Roles.Legal));

        var shown = await refusals.ReportAsync(new ForbiddenException("This action needs the role Operations."), "incidents/new");
        await refusals.ReportAsync(new ConflictException("Version 2 is Approved."), "templates/review");

        Assert.Equal("This action needs the role Operations.", shown);
        var entries = await trail.QueryAsync(new Actor("auditor.erin", [Roles.Auditor]), new AuditQuery(Outcome: AuditOutcome.Denied));
        var entry = Assert.Single(entries.Items);
        Assert.Equal(("legal.alice", "Legal", "auth.denied", "console incidents/new"), (entry.Actor, entry.Role, entry.Action, entry.Target));
        Assert.Equal("This action needs the role Operations.", entry.Details["reason"]);
    }

    private sealed class SignedIn(string name, string role) : AuthenticationStateProvider
    {
        public override Task<AuthenticationState> GetAuthenticationStateAsync() =>
            Task.FromResult(new AuthenticationState(new ClaimsPrincipal(new ClaimsIdentity(
                [new Claim(ClaimTypes.Name, name), new Claim(ClaimTypes.Role, role)], "test"))));
    }
}
