using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using BreachConsole.Tests.Infrastructure;
using BreachConsole.Tests.Templates;

namespace BreachConsole.Tests.Web;

public sealed class TemplateEndpointTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    private static object Sms(string body, string locale = "es-PR") => new
    {
        name = $"Card {Guid.NewGuid():N}",
        channel = "Sms",
        locale,
        body,
    };

    private async Task<JsonElement> CreateAsync(object template)
    {
        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates", template);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.JsonAsync();
    }

    [Fact]
    public async Task Create_ValidSms_Returns201WithIdVersionStatusAndLint()
    {
        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates", Sms("Hola {{ customer.first_name }}"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/templates/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        Assert.Equal("Draft", body.GetProperty("status").GetString());
        var lint = body.GetProperty("lint").EnumerateArray().ToList();
        Assert.Contains(lint, l => l.GetProperty("rule").GetString() == "preferences-link" && l.GetProperty("message").GetString()!.Length > 0);
    }

    [Fact]
    public async Task Create_LiquidSyntaxError_Returns400NamingLineAndColumn()
    {
        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates", Sms("Hola\n{{ customer.first_name }"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = (await response.JsonAsync()).GetProperty("errors").GetProperty("body")[0].GetString();
        Assert.Contains("line 2, column", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_BadLocale_Returns400NamingLocale()
    {
        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates", Sms("x {{ preferences_url }}", "Spanish"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("locale", out _));
    }

    [Fact]
    public async Task Create_UnknownJurisdiction_Returns400NamingJurisdictions()
    {
        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates", new
        {
            name = "x", channel = "Email", locale = "en", jurisdictions = new[] { "EU", "US-ZZ" }, subject = "s", body = "{{ preferences_url }}",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("jurisdictions[1]", out _), errors.ToString());
    }

    [Fact]
    public async Task Create_SubjectOnSms_Returns400NamingSubject()
    {
        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync("/api/v1/templates", new
        {
            name = "x", channel = "Sms", locale = "en", subject = "s", body = "{{ preferences_url }}",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("subject", out _));
    }

    [Fact]
    public async Task Submit_WithLintErrors_Returns400ListingThem()
    {
        var created = await CreateAsync(Sms("Hola {{ customer.first_name }}"));

        var response = await factory.Api(DemoUsers.LegalAlice).PostAsync($"/api/v1/templates/{created.GetProperty("id")}/submit", null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("preferences-link", out _));
    }

    [Fact]
    public async Task FullCycle_DraftFixSubmitApproveByColleague_ApprovedAndOperationsCanPreview()
    {
        var alice = factory.Api(DemoUsers.LegalAlice);
        var bob = factory.Api(DemoUsers.LegalBob);
        var created = await CreateAsync(Sms("Hola {{ customer.first_name }}"));
        var id = created.GetProperty("id").GetGuid();

        var edited = await alice.PutAsJsonAsync($"/api/v1/templates/{id}", new { body = "Hola {{ customer.first_name }}. Aviso: {{ notice.url }} Preferencias: {{ preferences_url }}" });
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        Assert.Equal(2, (await edited.JsonAsync()).GetProperty("version").GetInt32());
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);

        var own = await alice.PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, own.StatusCode);
        var approved = await bob.PostAsJsonAsync($"/api/v1/templates/{id}/approve", new { version = 2 });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("Approved", (await approved.JsonAsync()).GetProperty("status").GetString());

        var preview = await factory.Api(DemoUsers.OpsCarol).PostAsync($"/api/v1/templates/{id}/preview", null);
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        var shown = await preview.JsonAsync();
        Assert.Equal("Hola Carmen. Aviso: https://notice.example.com/n/abc123 Preferencias: https://prefs.example.com/p/abc123", shown.GetProperty("body").GetString());
        Assert.Equal("Gsm7", shown.GetProperty("encoding").GetString());
        Assert.Equal(1, shown.GetProperty("segments").GetInt32());

        var detail = await (await factory.Api(DemoUsers.OpsCarol).GetAsync($"/api/v1/templates/{id}")).JsonAsync();
        Assert.Equal(2, detail.GetProperty("approvedVersion").GetInt32());
        Assert.Single(detail.GetProperty("versions").EnumerateArray());
        var history = await (await factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/templates/{id}")).JsonAsync();
        Assert.Equal(2, history.GetProperty("versions").GetArrayLength());
    }

    [Fact]
    public async Task Preview_BodyLongerThanATemplateMayBe_Returns400()
    {
        var created = await CreateAsync(Sms("x {{ preferences_url }}"));

        var response = await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync($"/api/v1/templates/{created.GetProperty("id")}/preview",
            new { body = new string('x', 50_001) + " {{ preferences_url }}" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Withdraw_ByTheAuthor_BackToDraftAndRejectByTheAuthorForbidden()
    {
        var created = await CreateAsync(Sms("Aviso {{ notice.url }} Preferencias: {{ preferences_url }}"));
        var id = created.GetProperty("id").GetGuid();
        var alice = factory.Api(DemoUsers.LegalAlice);
        Assert.Equal(HttpStatusCode.OK, (await alice.PostAsync($"/api/v1/templates/{id}/submit", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await alice.PostAsJsonAsync($"/api/v1/templates/{id}/reject", new { comment = "mine" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await factory.Api(DemoUsers.LegalBob).PostAsync($"/api/v1/templates/{id}/withdraw", null)).StatusCode);
        var withdrawn = await alice.PostAsync($"/api/v1/templates/{id}/withdraw", null);

        Assert.Equal(HttpStatusCode.OK, withdrawn.StatusCode);
        Assert.Equal("Draft", (await withdrawn.JsonAsync()).GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await alice.GetAsync($"/api/v1/templates/{id}/versions/9")).StatusCode);
    }

    [Fact]
    public async Task Preview_UnsavedText_ReturnsUcs2SegmentsForAccents()
    {
        var created = await CreateAsync(Sms("x {{ preferences_url }}"));

        var response = await factory.Api(DemoUsers.LegalAlice).PostAsJsonAsync($"/api/v1/templates/{created.GetProperty("id")}/preview",
            new { body = "Información {{ preferences_url }}" });

        var shown = await response.JsonAsync();
        Assert.Equal("Ucs2", shown.GetProperty("encoding").GetString());
        Assert.Equal(1, shown.GetProperty("segments").GetInt32());
    }

    [Fact]
    public async Task Preview_DraftAsOperations_Returns409WhenNothingApproved()
    {
        var created = await CreateAsync(Sms("x {{ preferences_url }}"));

        var response = await factory.Api(DemoUsers.OpsCarol).PostAsync($"/api/v1/templates/{created.GetProperty("id")}/preview", null);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task Reject_WithComment_Returns200AndDraft()
    {
        var created = await CreateAsync(Sms("x {{ preferences_url }}"));
        var id = created.GetProperty("id").GetGuid();
        await factory.Api(DemoUsers.LegalAlice).PostAsync($"/api/v1/templates/{id}/submit", null);

        var response = await factory.Api(DemoUsers.LegalBob).PostAsJsonAsync($"/api/v1/templates/{id}/reject", new { comment = "Name the card brand." });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Draft", (await response.JsonAsync()).GetProperty("status").GetString());
    }

    [Fact]
    public async Task GetVersion_Existing_ReturnsItsText()
    {
        var created = await CreateAsync(Sms(TemplateTestKit.GoodSms));

        var version = await (await factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/templates/{created.GetProperty("id")}/versions/1")).JsonAsync();

        Assert.Equal(TemplateTestKit.GoodSms, version.GetProperty("body").GetString());
        Assert.Equal("legal.alice", version.GetProperty("authoredBy").GetString());
    }
}
