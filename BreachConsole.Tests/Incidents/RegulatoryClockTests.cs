using System.Net.Http.Json;
using BreachConsole.Core.Incidents;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Incidents;

public sealed class RegulatoryClockTests
{
    private static readonly DateTimeOffset AwareAt = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly RegulatoryClock _clock = new();

    [Fact]
    public void DeadlinesFor_Eu_AuthorityIn72HoursAndIndividualsWithoutFixedHours()
    {
        var deadlines = _clock.DeadlinesFor(["EU"], AwareAt);

        Assert.Equal(2, deadlines.Count);
        var authority = deadlines.Single(d => d.Audience == DeadlineAudience.Authority);
        Assert.Equal(AwareAt.AddHours(72), authority.DueAt);
        Assert.Contains("Art. 33", authority.Rule, StringComparison.Ordinal);
        Assert.Null(deadlines.Single(d => d.Audience == DeadlineAudience.Individuals).DueAt);
    }

    [Theory]
    [InlineData("US-CA", DeadlineAudience.Individuals, 30)]
    [InlineData("US-NY", DeadlineAudience.Individuals, 30)]
    [InlineData("US-TX", DeadlineAudience.Individuals, 60)]
    [InlineData("US-TX", DeadlineAudience.Authority, 30)]
    [InlineData("US-CO", DeadlineAudience.Individuals, 30)]
    [InlineData("US-FL", DeadlineAudience.Individuals, 30)]
    [InlineData("US-DE", DeadlineAudience.Individuals, 60)]
    [InlineData("US-VT", DeadlineAudience.Authority, 14)]
    [InlineData("US-PR", DeadlineAudience.Authority, 10)]
    [InlineData("US-HIPAA", DeadlineAudience.Individuals, 60)]
    public void DeadlinesFor_UsJurisdiction_DueTheRightNumberOfDaysAfterAwareness(string jurisdiction, DeadlineAudience audience, int days)
    {
        var deadline = _clock.DeadlinesFor([jurisdiction], AwareAt).Single(d => d.Audience == audience);

        Assert.Equal(AwareAt.AddDays(days), deadline.DueAt);
    }

    [Fact]
    public void DeadlinesFor_DependingOnTheIndividualNotice_HasNoFixedDueTime()
    {
        Assert.Null(_clock.DeadlinesFor(["US-CA"], AwareAt).Single(d => d.Audience == DeadlineAudience.Authority).DueAt);
        Assert.Null(_clock.DeadlinesFor(["US-HIPAA"], AwareAt).Single(d => d.Audience == DeadlineAudience.Authority).DueAt);
    }

    [Fact]
    public void RulesFile_EveryKnownJurisdiction_HasARuleAndAReviewDate()
    {
        Assert.All(Jurisdictions.All, j => Assert.NotEmpty(_clock.DeadlinesFor([j], AwareAt)));
        Assert.True(_clock.ReviewedOn > new DateOnly(2026, 1, 1));
    }

    [Fact]
    public async Task GetIncident_Api_ReturnsDeadlinesWithNullForNoFixedHours()
    {
        using var app = new ConsoleFactory();
        var created = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).JsonAsync();

        var incident = await (await app.Api(DemoUsers.LegalAlice).GetAsync($"/api/v1/incidents/{created.GetProperty("id").GetGuid()}")).JsonAsync();

        var deadlines = incident.GetProperty("deadlines").EnumerateArray().ToList();
        var gdpr = deadlines.Single(d => d.GetProperty("jurisdiction").GetString() == "EU" && d.GetProperty("audience").GetString() == "Authority");
        Assert.Equal(DateTimeOffset.Parse("2026-11-04T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture), gdpr.GetProperty("dueAt").GetDateTimeOffset());
        Assert.Contains(deadlines, d => d.GetProperty("audience").GetString() == "Individuals" && d.GetProperty("dueAt").ValueKind == System.Text.Json.JsonValueKind.Null);
        Assert.Contains(deadlines, d => d.GetProperty("jurisdiction").GetString() == "US-CA" && d.GetProperty("audience").GetString() == "Individuals");
    }
}
