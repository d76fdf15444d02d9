using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Core.Audit;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Intake;
using BreachConsole.Core.Persistence;
using BreachConsole.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BreachConsole.Tests.Intake;

public sealed class WebhookConsoleFactory : ConsoleFactory
{
    public const string PagerDutyOld = "pagerduty-old-secret";
    public const string PagerDutyNew = "pagerduty-new-secret";
    public const string Jira = "jira-webhook-secret";

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Webhooks:PagerDuty:Secrets:0"] = PagerDutyOld,
        ["Webhooks:PagerDuty:Secrets:1"] = PagerDutyNew,
        ["Webhooks:Jira:Secret"] = Jira,
    };
}

public sealed class WebhookEndpointTests(WebhookConsoleFactory factory) : IClassFixture<WebhookConsoleFactory>
{
    private static string PagerDutyEvent(string eventId, string incidentId, string type = "incident.triggered", string title = "Payments DB exposed") =>
        "{\"event\":{\"id\":\"" + eventId + "\",\"event_type\":\"" + type + "\",\"resource_type\":\"incident\",\"occurred_at\":\"2026-11-30T08:00:00Z\",\"agent\":{\"summary\":\"Jane Roe\",\"type\":\"user_reference\"},\"data\":{\"id\":\"" + incidentId + "\",\"type\":\"incident\",\"title\":\"" + title + "\",\"created_at\":\"2026-11-30T07:55:00Z\",\"assignees\":[{\"summary\":\"jane.roe@example.com\"}]}}}";

    private async Task<HttpResponseMessage> PostPagerDutyAsync(string body, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/pagerduty") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation("X-PagerDuty-Signature", signature);
        }

        return await factory.Api(null).SendAsync(request);
    }

    private static string Sign(string body, string secret) => "v1=" + WebhookSignatures.Sign(Encoding.UTF8.GetBytes(body), secret);

    private async Task<BreachConsoleDbContext> DbAsync() =>
        await factory.Services.GetRequiredService<IDbContextFactory<BreachConsoleDbContext>>().CreateDbContextAsync();

    [Fact]
    public async Task PagerDuty_ValidEvent_CreatesTriageIncidentWithoutPii()
    {
        var body = PagerDutyEvent("EV-CREATE-1", "PINC001", title: "Payments DB exposed, call 415-555-0100 or jane.roe@example.com");

        var response = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var answer = await response.JsonAsync();
        Assert.Equal("Accepted", answer.GetProperty("outcome").GetString());
        await using var db = await DbAsync();
        var incident = await db.Incidents.SingleAsync(i => i.ExternalRef == "pagerduty:PINC001");
        Assert.Equal(IncidentState.Triage, incident.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 7, 55, 0, TimeSpan.Zero), incident.AwareAt);
        // Discovery and determination default to the one time the tool knows (they were year 1, so every deadline
        // counting from them was centuries overdue).
        Assert.Equal(incident.AwareAt, incident.DiscoveredAt);
        Assert.Equal(incident.AwareAt, incident.DeterminedAt);
        Assert.DoesNotContain("jane", incident.Title, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("555", incident.Title, StringComparison.Ordinal);
        Assert.StartsWith("Payments DB exposed", incident.Title, StringComparison.Ordinal);
        var entries = await db.AuditEntries.Where(e => e.Target == $"incident:{incident.Id}").ToListAsync();
        Assert.Contains(entries, e => e.Action == AuditActions.IncidentCreated && e.Actor == "webhook:pagerduty");
        Assert.All(entries, e => Assert.DoesNotContain("jane", e.Details, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task PagerDuty_SignedWithEitherRotatedSecretOrBoth_Accepted()
    {
        var first = PagerDutyEvent("EV-ROT-1", "PROT1");
        var second = PagerDutyEvent("EV-ROT-2", "PROT2");
        var both = PagerDutyEvent("EV-ROT-3", "PROT3");

        Assert.Equal(HttpStatusCode.Accepted, (await PostPagerDutyAsync(first, Sign(first, WebhookConsoleFactory.PagerDutyNew))).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await PostPagerDutyAsync(second, Sign(second, WebhookConsoleFactory.PagerDutyOld))).StatusCode);
        var pair = $"{Sign(both, "retired-secret")},{Sign(both, WebhookConsoleFactory.PagerDutyNew)}";
        Assert.Equal(HttpStatusCode.Accepted, (await PostPagerDutyAsync(both, pair)).StatusCode);
    }

    [Fact]
    public async Task PagerDuty_WrongSecretMissingOrAlteredBody_401AuditedWithoutBody()
    {
        var body = PagerDutyEvent("EV-BAD-1", "PBAD1", title: "Secret title SHOULD-NOT-LEAK");

        var wrong = await PostPagerDutyAsync(body, Sign(body, "not-our-secret"));
        var missing = await PostPagerDutyAsync(body, null);
        var altered = await PostPagerDutyAsync(body.Replace("PBAD1", "PBAD2", StringComparison.Ordinal), Sign(body, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, altered.StatusCode);
        Assert.Equal("application/problem+json", wrong.Content.Headers.ContentType?.MediaType);
        await using var db = await DbAsync();
        Assert.False(await db.Incidents.AnyAsync(i => i.ExternalRef == "pagerduty:PBAD1" || i.ExternalRef == "pagerduty:PBAD2"));
        var refused = await db.AuditEntries.Where(e => e.Action == AuditActions.WebhookRefused).ToListAsync();
        Assert.Contains(refused, e => e.Outcome == AuditOutcome.Denied && e.Details.Contains("missing signature", StringComparison.Ordinal));
        Assert.Contains(refused, e => e.Details.Contains("bad signature", StringComparison.Ordinal));
        Assert.All(refused, e => Assert.DoesNotContain("SHOULD-NOT-LEAK", e.Details, StringComparison.Ordinal));
    }

    [Fact]
    public async Task PagerDuty_Oversized_413BeforeParsing()
    {
        var body = "{\"event\":" + new string(' ', WebhookIntake.MaxBodyBytes) + "}";

        var response = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task PagerDuty_SameEventTwice_SecondChangesNothing()
    {
        var body = PagerDutyEvent("EV-DUP-1", "PDUP1");
        var first = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld));
        await using (var db = await DbAsync())
        {
            var incident = await db.Incidents.SingleAsync(i => i.ExternalRef == "pagerduty:PDUP1");
            incident.Title = "Edited by an operator";
            await db.SaveChangesAsync();
        }

        long auditBefore;
        await using (var db = await DbAsync())
        {
            auditBefore = await db.AuditEntries.CountAsync();
        }

        var second = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.Accepted, first.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, second.StatusCode);
        Assert.Equal("Duplicate", (await second.JsonAsync()).GetProperty("outcome").GetString());
        await using var after = await DbAsync();
        Assert.Equal("Edited by an operator", (await after.Incidents.SingleAsync(i => i.ExternalRef == "pagerduty:PDUP1")).Title);
        Assert.Equal(auditBefore, await after.AuditEntries.CountAsync());
    }

    [Fact]
    public async Task PagerDuty_LaterEventForSameIncident_UpdatesTriageIncident()
    {
        var first = PagerDutyEvent("EV-UPD-1", "PUPD1", title: "First title");
        var second = PagerDutyEvent("EV-UPD-2", "PUPD1", type: "incident.acknowledged", title: "Better title");

        await PostPagerDutyAsync(first, Sign(first, WebhookConsoleFactory.PagerDutyOld));
        var response = await PostPagerDutyAsync(second, Sign(second, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await DbAsync();
        var incident = await db.Incidents.SingleAsync(i => i.ExternalRef == "pagerduty:PUPD1");
        Assert.Equal("Better title", incident.Title);
    }

    [Fact]
    public async Task PagerDuty_UnknownEventType_202IgnoredAndNothingCreated()
    {
        var body = PagerDutyEvent("EV-PING-1", "PPING1", type: "pagey.ping");

        var response = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Ignored", (await response.JsonAsync()).GetProperty("outcome").GetString());
        await using var db = await DbAsync();
        Assert.False(await db.Incidents.AnyAsync(i => i.ExternalRef == "pagerduty:PPING1"));
    }

    [Fact]
    public async Task PagerDuty_MalformedJsonWithGoodSignature_400()
    {
        const string body = "{\"event\": {\"id\": ";

        var response = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PagerDuty_PublishedExampleBody_CreatesIncidentUnderItsId()
    {
        var body = WebhookSignaturesTests.PagerDutyExampleBody;

        var response = await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyNew));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var list = await factory.Api(DemoUsers.AuditorErin).GetAsync("/api/v1/incidents?externalRef=pagerduty:PGR0VU2");
        var item = (await list.JsonAsync()).GetProperty("items")[0];
        Assert.Equal("Triage", item.GetProperty("state").GetString());
        Assert.Equal("A little bump in the road", item.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Jira_ValidIssueCreated_TriageIncidentWithJiraRef()
    {
        const string body = """{"timestamp":1764489600000,"webhookEvent":"jira:issue_created","user":{"emailAddress":"jane.roe@example.com"},"issue":{"id":"10042","key":"SEC-12","fields":{"summary":"Laptop with customer export stolen","created":"2026-11-30T06:00:00.000+0000"}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/jira") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature", "sha256=" + WebhookSignatures.Sign(Encoding.UTF8.GetBytes(body), WebhookConsoleFactory.Jira));

        var response = await factory.Api(null).SendAsync(request);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await using var db = await DbAsync();
        var incident = await db.Incidents.SingleAsync(i => i.ExternalRef == "jira:SEC-12");
        Assert.Equal(IncidentState.Triage, incident.State);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 6, 0, 0, TimeSpan.Zero), incident.AwareAt);
    }

    [Fact]
    public async Task Jira_BadSignature_401()
    {
        const string body = """{"webhookEvent":"jira:issue_created","issue":{"id":"1","key":"SEC-99","fields":{"summary":"x"}}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhooks/jira") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Hub-Signature", "sha256=" + WebhookSignatures.Sign(Encoding.UTF8.GetBytes(body), "wrong"));

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.Api(null).SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task Confirm_TriageIncident_OpenWithJurisdictions_ThenDismissRefused()
    {
        var body = PagerDutyEvent("EV-CONF-1", "PCONF1");
        var id = (await (await PostPagerDutyAsync(body, Sign(body, WebhookConsoleFactory.PagerDutyOld))).JsonAsync()).GetProperty("incidentId").GetGuid();
        var ops = factory.Api(DemoUsers.OpsCarol);

        var legal = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync($"/api/v1/incidents/{id}/confirm", new { jurisdictions = new[] { "EU" }, dataElements = new[] { "Email" } });
        var invalid = await ops.PostAsJsonAsync($"/api/v1/incidents/{id}/confirm", new { jurisdictions = Array.Empty<string>(), dataElements = new[] { "Email" } });
        var confirmed = await ops.PostAsJsonAsync($"/api/v1/incidents/{id}/confirm", new { jurisdictions = new[] { "EU" }, dataElements = new[] { "Email" } });
        var dismissed = await ops.PostAsync($"/api/v1/incidents/{id}/dismiss", null);

        Assert.Equal(HttpStatusCode.Forbidden, legal.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, dismissed.StatusCode);
        var details = await (await ops.GetAsync($"/api/v1/incidents/{id}")).JsonAsync();
        Assert.Equal("Open", details.GetProperty("state").GetString());
        Assert.Equal("EU", details.GetProperty("jurisdictions")[0].GetString());
    }
}
