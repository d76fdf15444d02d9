using System.Globalization;
using System.Net.Http.Json;
using BreachConsole.Core.Incidents;
using BreachConsole.Tests.Infrastructure;

namespace BreachConsole.Tests.Incidents;

/// <summary>One test per rule of deadline-rules.json (notice-law.md's table); the rule id is in each test's data.</summary>
public sealed class RegulatoryClockTests
{
    private static readonly DateTimeOffset AwareAt = new(2026, 11, 1, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DiscoveredAt = new(2026, 10, 28, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset DeterminedAt = new(2026, 11, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly RegulatoryClock _clock = new();

    private static DateTimeOffset Utc(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    private static ClockFacts Facts(params string[] jurisdictions) => new(jurisdictions, AwareAt, DiscoveredAt, DeterminedAt);

    private static Deadline Rule(IEnumerable<Deadline> deadlines, string ruleId) => Assert.Single(deadlines, d => d.RuleId == ruleId);

    private IReadOnlyList<Deadline> For(ClockFacts facts) => _clock.DeadlinesFor(facts, AwareAt);

    [Fact]
    public void DeadlinesFor_Eu_AuthorityIn72HoursOfAwarenessAndIndividualsWithoutFixedHours()
    {
        var deadlines = For(Facts("EU"));

        var authority = Rule(deadlines, "EU-authority");
        Assert.Equal(AwareAt.AddHours(72), authority.DueAt);
        Assert.Equal(StartEvent.Awareness, authority.StartsFrom);
        Assert.Contains("Art. 33", authority.Rule, StringComparison.Ordinal);
        var individuals = Rule(deadlines, "EU-individuals");
        Assert.Null(individuals.DueAt);
        Assert.Equal(DeadlineStatus.NoFixedTime, individuals.Status);
    }

    [Theory]
    [InlineData("US-CA-individuals", "US-CA", StartEvent.Discovery, 30)]
    [InlineData("US-NY-individuals", "US-NY", StartEvent.Discovery, 30)]
    [InlineData("US-TX-individuals", "US-TX", StartEvent.Determination, 60)]
    [InlineData("US-TX-authority", "US-TX", StartEvent.Determination, 30)]
    [InlineData("US-CO-individuals", "US-CO", StartEvent.Determination, 30)]
    [InlineData("US-CO-authority", "US-CO", StartEvent.Determination, 30)]
    [InlineData("US-FL-individuals", "US-FL", StartEvent.Determination, 30)]
    [InlineData("US-FL-authority", "US-FL", StartEvent.Determination, 30)]
    [InlineData("US-DE-individuals", "US-DE", StartEvent.Determination, 60)]
    [InlineData("US-VT-individuals", "US-VT", StartEvent.Discovery, 45)]
    [InlineData("US-PR-authority", "US-PR", StartEvent.Discovery, 10)]
    [InlineData("US-HIPAA-individuals", "US-HIPAA", StartEvent.Discovery, 60)]
    [InlineData("US-HIPAA-media", "US-HIPAA", StartEvent.Discovery, 60)]
    public void DeadlinesFor_CalendarDayRule_CountsFromItsStartEvent(string ruleId, string jurisdiction, StartEvent startsFrom, int days)
    {
        var deadline = Rule(For(Facts(jurisdiction)), ruleId);

        var start = startsFrom == StartEvent.Discovery ? DiscoveredAt : DeterminedAt;
        Assert.Equal(startsFrom, deadline.StartsFrom);
        Assert.Equal(start, deadline.StartedAt);
        // UTC instants here fall outside a DST change for these zones only when the offsets agree; compare local dates.
        Assert.Equal(days, (deadline.DueAt!.Value - start).TotalDays, precision: 0);
        Assert.False(string.IsNullOrWhiteSpace(deadline.Source));
    }

    [Fact]
    public void DeadlinesFor_CaliforniaAcrossTheEndOfDst_KeepsTheLocalTimeOfDay()
    {
        // 10:00 PDT on 20 October; 30 calendar days later is 10:00 PST on 19 November: 721 hours, not 720.
        var discovered = Utc("2026-10-20T17:00:00Z");
        var deadline = Rule(_clock.DeadlinesFor(new ClockFacts(["US-CA"], discovered, discovered, discovered), discovered), "US-CA-individuals");

        Assert.Equal(Utc("2026-11-19T18:00:00Z"), deadline.DueAt);
    }

    [Fact]
    public void DeadlinesFor_VermontAuthority_Counts14BusinessDaysSkippingVeteransDay()
    {
        // Monday 2 November 2026, 10:00 EST. Weekends and Veterans Day (Wednesday 11 November) do not count:
        // the 14th business day is Monday 23 November (without the holiday it would be Friday 20 November).
        var discovered = Utc("2026-11-02T15:00:00Z");
        var deadline = Rule(_clock.DeadlinesFor(new ClockFacts(["US-VT"], discovered, discovered, discovered), discovered), "US-VT-authority");

        Assert.Equal(Utc("2026-11-23T15:00:00Z"), deadline.DueAt);
        Assert.Equal(StartEvent.Discovery, deadline.StartsFrom);
    }

    [Fact]
    public void DeadlinesFor_VermontConsumerNoticeSooner_AuthorityDueWithIt()
    {
        var discovered = Utc("2026-11-02T15:00:00Z");
        var sent = Utc("2026-11-10T12:00:00Z");

        var deadline = Rule(_clock.DeadlinesFor(new ClockFacts(["US-VT"], discovered, discovered, discovered, sent), sent), "US-VT-authority");

        Assert.Equal(sent, deadline.DueAt);
        Assert.Contains(deadline.Adjustments, a => a.Contains("sooner", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("2026-11-11", true)]  // Veterans Day
    [InlineData("2026-11-26", true)]  // Thanksgiving, fourth Thursday
    [InlineData("2026-06-19", true)]  // Juneteenth on a Friday
    [InlineData("2027-07-05", true)]  // Independence Day on a Sunday, observed Monday
    [InlineData("2027-12-31", true)]  // New Year's Day 2028 on a Saturday, observed Friday before
    [InlineData("2026-01-19", true)]  // Martin Luther King, Jr. Day, third Monday
    [InlineData("2026-05-25", true)]  // Memorial Day, last Monday
    [InlineData("2026-10-12", true)]  // Columbus Day, second Monday
    [InlineData("2026-11-12", false)]
    [InlineData("2026-07-03", true)]  // Independence Day 2026 on a Saturday, observed Friday
    public void UsFederalHolidays_KnownDates(string date, bool holiday) =>
        Assert.Equal(holiday, UsFederalHolidays.IsHoliday(DateOnly.Parse(date, CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("US-CA-authority", "US-CA", 500, false)]
    [InlineData("US-CA-authority", "US-CA", 501, true)]
    [InlineData("US-TX-authority", "US-TX", 249, false)]
    [InlineData("US-TX-authority", "US-TX", 250, true)]
    [InlineData("US-CO-authority", "US-CO", 499, false)]
    [InlineData("US-CO-authority", "US-CO", 500, true)]
    [InlineData("US-FL-authority", "US-FL", 499, false)]
    [InlineData("US-FL-authority", "US-FL", 500, true)]
    [InlineData("US-DE-authority", "US-DE", 500, false)]
    [InlineData("US-DE-authority", "US-DE", 501, true)]
    [InlineData("US-HIPAA-hhs", "US-HIPAA", 499, false)]
    [InlineData("US-HIPAA-hhs", "US-HIPAA", 500, true)]
    [InlineData("US-HIPAA-hhs-log", "US-HIPAA", 499, true)]
    [InlineData("US-HIPAA-hhs-log", "US-HIPAA", 500, false)]
    public void DeadlinesFor_ResidentThreshold_AppliesOnlyPastIt(string ruleId, string jurisdiction, int affected, bool applies)
    {
        var facts = Facts(jurisdiction) with { AffectedCounts = new Dictionary<string, int> { [jurisdiction] = affected } };

        var deadline = For(facts).SingleOrDefault(d => d.RuleId == ruleId);

        Assert.Equal(applies, deadline is not null);
        if (deadline is not null)
        {
            Assert.True(deadline.ThresholdMet);
            Assert.Equal(affected, deadline.Affected);
            Assert.NotNull(deadline.Threshold);
        }
    }

    [Theory]
    [InlineData(500, false)]
    [InlineData(501, true)]
    public void DeadlinesFor_HipaaMedia_NeedsMoreThan500ResidentsOfOneState(int texans, bool applies)
    {
        var facts = Facts("US-HIPAA") with { AffectedCounts = new Dictionary<string, int> { ["US-HIPAA"] = 2000, ["US-TX"] = texans, ["US-NM"] = 400 } };

        var media = For(facts).SingleOrDefault(d => d.RuleId == "US-HIPAA-media");

        Assert.Equal(applies, media is not null);
        Assert.Equal(applies ? DeadlineAudience.Media : default, media?.Audience ?? default);
    }

    [Fact]
    public void DeadlinesFor_NoAffectedCount_KeepsThresholdRulesMarkedUnknown()
    {
        var deadline = Rule(For(Facts("US-CA")), "US-CA-authority");

        Assert.Null(deadline.ThresholdMet);
        Assert.Null(deadline.Affected);
        Assert.Equal("more than 500 affected residents", deadline.Threshold);
    }

    [Fact]
    public void DeadlinesFor_CaliforniaAttorneyGeneralBeforeTheNotice_ShowsA45DayBoundFromDiscovery()
    {
        var deadline = Rule(For(Facts("US-CA")), "US-CA-authority");

        Assert.Null(deadline.DueAt);
        Assert.Equal(StartEvent.IndividualNotice, deadline.StartsFrom);
        Assert.Equal(DeadlineStatus.AwaitingNotice, deadline.Status);
        // 28 October 03:00 PDT + 45 days = 12 December 03:00 PST.
        Assert.Equal(Utc("2026-12-12T11:00:00Z"), deadline.LatestDueAt);
    }

    [Fact]
    public void DeadlinesFor_CaliforniaAttorneyGeneralOnceNotified_Exactly15DaysAfterTheNotice()
    {
        var sent = Utc("2026-11-20T18:00:00Z");
        var deadline = Rule(_clock.DeadlinesFor(Facts("US-CA") with { IndividualNoticeAt = sent }, sent), "US-CA-authority");

        Assert.Equal(Utc("2026-12-05T18:00:00Z"), deadline.DueAt);
        Assert.Null(deadline.LatestDueAt);
        Assert.Equal(sent, deadline.StartedAt);
    }

    [Theory]
    [InlineData("US-NY-attorney-general", "US-NY")]
    [InlineData("US-NY-department-of-state", "US-NY")]
    [InlineData("US-NY-state-police", "US-NY")]
    [InlineData("US-DE-authority", "US-DE")]
    [InlineData("US-HIPAA-hhs", "US-HIPAA")]
    public void DeadlinesFor_WithTheIndividualNotice_BoundIsTheIndividualDeadline(string ruleId, string jurisdiction)
    {
        var deadlines = For(Facts(jurisdiction));

        var individual = deadlines.Single(d => d.Jurisdiction == jurisdiction && d.Audience == DeadlineAudience.Individuals);
        Assert.Equal(individual.DueAt, Rule(deadlines, ruleId).LatestDueAt);
    }

    [Fact]
    public void DeadlinesFor_HipaaUnder500_AnnualLogDue60DaysAfterTheYearOfDiscoveryEnds()
    {
        var deadline = Rule(For(Facts("US-HIPAA") with { AffectedCounts = new Dictionary<string, int> { ["US-HIPAA"] = 12 } }), "US-HIPAA-hhs-log");

        Assert.Equal(StartEvent.YearEnd, deadline.StartsFrom);
        Assert.Equal(Utc("2027-03-02T00:00:00Z"), deadline.DueAt);
    }

    [Fact]
    public void DeadlinesFor_PuertoRico_AuthorityIn10DaysAndIndividualsWithoutFixedTime()
    {
        var deadlines = For(Facts("US-PR"));

        Assert.Null(Rule(deadlines, "US-PR-individuals").DueAt);
        Assert.Equal("Department of Consumer Affairs (DACO)", Rule(deadlines, "US-PR-authority").Recipient);
    }

    [Theory]
    [InlineData("2026-11-20T00:00:00Z", DeadlineStatus.Met)]
    [InlineData("2026-12-01T00:00:00Z", DeadlineStatus.Late)]
    public void DeadlinesFor_IndividualNoticeSent_MetOrLateAgainstTheDeadline(string sentAt, DeadlineStatus expected)
    {
        var sent = Utc(sentAt);

        var deadline = Rule(_clock.DeadlinesFor(Facts("US-CA") with { IndividualNoticeAt = sent }, sent), "US-CA-individuals");

        Assert.Equal(expected, deadline.Status);
        Assert.Equal(sent, deadline.NoticeSentAt);
    }

    [Fact]
    public void DeadlinesFor_LawEnforcementDelay_ShiftsDelayableDeadlinesOnly()
    {
        var delay = new IncidentDelay(Guid.NewGuid(), IncidentDelayKind.LawEnforcement, "FBI Los Angeles field office",
            Utc("2026-11-01T00:00:00Z"), Utc("2026-11-15T00:00:00Z"), null, [], "legal.alice", AwareAt);
        var plain = For(Facts("EU", "US-CA"));

        var delayed = For(Facts("EU", "US-CA") with { Delays = [delay] });

        Assert.Equal(Rule(plain, "US-CA-individuals").DueAt!.Value.AddDays(14), Rule(delayed, "US-CA-individuals").DueAt);
        Assert.Single(Rule(delayed, "US-CA-individuals").Adjustments);
        Assert.Equal(Rule(plain, "EU-authority").DueAt, Rule(delayed, "EU-authority").DueAt);
        Assert.Equal(Rule(plain, "US-CA-authority").LatestDueAt!.Value.AddDays(14), Rule(delayed, "US-CA-authority").LatestDueAt);
    }

    [Fact]
    public void DeadlinesFor_LawEnforcementDelayForOneJurisdiction_LeavesTheOthers()
    {
        var delay = new IncidentDelay(Guid.NewGuid(), IncidentDelayKind.LawEnforcement, "NYPD",
            Utc("2026-11-01T00:00:00Z"), Utc("2026-11-08T00:00:00Z"), null, ["US-NY"], "legal.alice", AwareAt);

        var delayed = For(Facts("US-CA", "US-NY") with { Delays = [delay] });
        var plain = For(Facts("US-CA", "US-NY"));

        Assert.Equal(Rule(plain, "US-CA-individuals").DueAt, Rule(delayed, "US-CA-individuals").DueAt);
        Assert.Equal(Rule(plain, "US-NY-individuals").DueAt!.Value.AddDays(7), Rule(delayed, "US-NY-individuals").DueAt);
    }

    [Fact]
    public void DeadlinesFor_FloridaExtension_Adds15DaysToTheIndividualNoticeOnly()
    {
        var extension = new IncidentDelay(Guid.NewGuid(), IncidentDelayKind.FloridaExtension, null, null, null,
            "Forensic review of the affected systems is not complete.", ["US-FL"], "legal.alice", AwareAt);

        var extended = For(Facts("US-FL") with { Delays = [extension] });

        Assert.Equal(Utc("2026-12-20T10:00:00Z"), Rule(extended, "US-FL-individuals").DueAt); // 5 Nov + 45 days, same EST time
        Assert.Equal(Rule(For(Facts("US-FL")), "US-FL-authority").DueAt, Rule(extended, "US-FL-authority").DueAt);
    }

    [Fact]
    public void RulesFile_EveryRule_HasASourceAndAReviewDateAndEveryJurisdictionARule()
    {
        Assert.All(_clock.Rules, r =>
        {
            Assert.False(string.IsNullOrWhiteSpace(r.Source));
            Assert.NotNull(r.ReviewedOn);
        });
        Assert.All(Jurisdictions.All, j => Assert.NotEmpty(_clock.DeadlinesFor([j], AwareAt)));
        Assert.True(_clock.ReviewedOn > new DateOnly(2026, 1, 1));
    }

    [Fact]
    public async Task GetIncident_Api_ReturnsDeadlinesWithStartEventsAndNullForNoFixedHours()
    {
        using var app = new ConsoleFactory();
        var body = new
        {
            title = "Clinic records exposed",
            awareAt = "2026-11-01T10:00:00Z",
            discoveredAt = "2026-10-28T10:00:00Z",
            determinedAt = "2026-11-05T10:00:00Z",
            jurisdictions = new[] { "EU", "US-CO", "US-HIPAA" },
            dataElements = new[] { "Name", "HealthRecord" },
        };
        var created = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", body)).JsonAsync();

        var incident = await (await app.Api(DemoUsers.LegalAlice).GetAsync($"/api/v1/incidents/{created.GetProperty("id").GetGuid()}")).JsonAsync();

        Assert.Equal(Utc("2026-10-28T10:00:00Z"), incident.GetProperty("discoveredAt").GetDateTimeOffset());
        var deadlines = incident.GetProperty("deadlines").EnumerateArray().ToList();
        System.Text.Json.JsonElement Find(string jurisdiction, string audience) =>
            deadlines.First(d => d.GetProperty("jurisdiction").GetString() == jurisdiction && d.GetProperty("audience").GetString() == audience);
        Assert.Equal(Utc("2026-11-04T10:00:00Z"), Find("EU", "Authority").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Awareness", Find("EU", "Authority").GetProperty("startsFrom").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, Find("EU", "Individuals").GetProperty("dueAt").ValueKind);
        Assert.Equal("Determination", Find("US-CO", "Individuals").GetProperty("startsFrom").GetString());
        Assert.Equal(Utc("2026-12-05T10:00:00Z"), Find("US-CO", "Individuals").GetProperty("dueAt").GetDateTimeOffset());
        Assert.Equal("Discovery", Find("US-HIPAA", "Individuals").GetProperty("startsFrom").GetString());
        Assert.Equal("Discovery", Find("US-HIPAA", "Media").GetProperty("startsFrom").GetString());
    }

    [Fact]
    public async Task CreateIncident_WithoutDiscoveryOrDetermination_BothDefaultToAwareness()
    {
        using var app = new ConsoleFactory();

        var created = await (await app.Api(DemoUsers.OpsCarol).PostAsJsonAsync("/api/v1/incidents", ApiJson.ValidIncident())).JsonAsync();

        Assert.Equal(created.GetProperty("awareAt").GetDateTimeOffset(), created.GetProperty("discoveredAt").GetDateTimeOffset());
        Assert.Equal(created.GetProperty("awareAt").GetDateTimeOffset(), created.GetProperty("determinedAt").GetDateTimeOffset());
    }
}
