using System.Net;
using System.Net.Http.Json;
using System.Text;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Web;

public sealed class IncidentEndpointTests(ConsoleFactory factory) : IClassFixture<ConsoleFactory>
{
    [Fact]
    public async Task Create_ValidIncident_Returns201AndIsListedAndReadable()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        var externalRef = $"jira:SEC-{Guid.NewGuid():N}"[..20];

        var created = await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident(externalRef));

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.JsonAsync();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/incidents/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("Open", body.GetProperty("state").GetString());

        var list = await (await factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents?externalRef={externalRef}")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(id, list.GetProperty("items")[0].GetProperty("id").GetGuid());
        Assert.Equal(externalRef, list.GetProperty("items")[0].GetProperty("externalRef").GetString());

        var detail = await (await factory.Api(DemoUsers.LegalAlice).GetAsync($"/api/v1/incidents/{id}")).JsonAsync();
        Assert.Equal("Customer database exposed", detail.GetProperty("title").GetString());
        Assert.Equal(["EU", "US-CA"], detail.GetProperty("jurisdictions").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(System.Text.Json.JsonValueKind.Array, detail.GetProperty("deadlines").ValueKind);
        Assert.Equal("ops.carol", detail.GetProperty("createdBy").GetString());
    }

    [Fact]
    public async Task Create_MissingTitle_Returns400NamingTitle()
    {
        var response = await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", new
        {
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "EU" },
            dataElements = new[] { "Name" },
        });

        await AssertValidationProblem(response, "title");
    }

    [Fact]
    public async Task Create_UnknownJurisdiction_Returns400NamingTheItem()
    {
        var response = await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "t",
            awareAt = "2026-11-01T10:00:00Z",
            jurisdictions = new[] { "EU", "US-ZZ" },
            dataElements = new[] { "Name" },
        });

        await AssertValidationProblem(response, "jurisdictions[1]");
    }

    [Fact]
    public async Task Create_MalformedJson_Returns400ProblemDetails()
    {
        using var content = new StringContent("{\"title\": \"t\", \"awareAt\": ", Encoding.UTF8, "application/json");
        var response = await factory.Api(DemoUsers.OpsCarol).PostAsync("/api/v1/incidents", content);

        var problem = await AssertValidationProblem(response, null);
        Assert.DoesNotContain("System.", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_WrongTypeInJson_Returns400NamingThePath()
    {
        using var content = new StringContent("{\"title\": \"t\", \"awareAt\": \"not a date\", \"jurisdictions\": [\"EU\"], \"dataElements\": [\"Name\"]}",
            Encoding.UTF8, "application/json");
        var response = await factory.Api(DemoUsers.OpsCarol).PostAsync("/api/v1/incidents", content);

        var problem = await AssertValidationProblem(response, "awareAt");
        Assert.DoesNotContain("not a date", problem.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_FutureAwareness_Returns400()
    {
        var response = await factory.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "t",
            awareAt = DateTimeOffset.UtcNow.AddDays(2),
            jurisdictions = new[] { "EU" },
            dataElements = new[] { "Name" },
        });

        await AssertValidationProblem(response, "awareAt");
    }

    [Fact]
    public async Task Create_DuplicateExternalRef_Returns409()
    {
        var ops = factory.Api(DemoUsers.OpsDave);
        var externalRef = $"pagerduty:P{Guid.NewGuid():N}"[..24];
        Assert.Equal(HttpStatusCode.Created, (await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident(externalRef))).StatusCode);

        var second = await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident(externalRef));

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Get_UnknownId_Returns404ProblemDetails()
    {
        var response = await factory.Api(DemoUsers.AuditorErin).GetAsync($"/api/v1/incidents/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(404, (await response.JsonAsync()).GetProperty("status").GetInt32());
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=100000")]
    [InlineData("page=abc")]
    [InlineData("page=2000000000")]
    public async Task List_BadPaging_Returns400(string query)
    {
        var response = await factory.Api(DemoUsers.OpsCarol).GetAsync($"/api/v1/incidents?{query}");

        await AssertValidationProblem(response, null);
    }

    [Fact]
    public async Task List_Paging_ReturnsRequestedSliceAndTotal()
    {
        var ops = factory.Api(DemoUsers.OpsCarol);
        for (var i = 0; i < 3; i++)
        {
            await ops.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());
        }

        var all = await (await ops.GetAsync("/api/v1/incidents?pageSize=500")).JsonAsync();
        var page = await (await ops.GetAsync("/api/v1/incidents?page=2&pageSize=2")).JsonAsync();

        Assert.Equal(all.GetProperty("total").GetInt32(), page.GetProperty("total").GetInt32());
        Assert.True(page.GetProperty("total").GetInt32() >= 3);
        Assert.Equal(all.GetProperty("items")[2].GetProperty("id").GetGuid(), page.GetProperty("items")[0].GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Api_BrowserCookieAlone_IsNotAccepted()
    {
        var browser = await factory.BrowserAsync(DemoUsers.OpsCarol);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/incidents")).StatusCode);

        var response = await browser.PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Api_UnknownDevUser_Returns401()
    {
        var response = await factory.Api("mallory").GetAsync("/api/v1/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    private static async Task<System.Text.Json.JsonElement> AssertValidationProblem(HttpResponseMessage response, string? field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        var errors = problem.GetProperty("errors");
        if (field is not null)
        {
            Assert.True(errors.TryGetProperty(field, out _), $"errors names '{field}': {errors}");
        }
        else
        {
            Assert.NotEmpty(errors.EnumerateObject());
        }

        return problem;
    }
}
