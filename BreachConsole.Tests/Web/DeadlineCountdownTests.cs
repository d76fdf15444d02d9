using Bunit;
using BreachConsole.Components.Shared;
using BreachConsole.Core.Incidents;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

/// <summary>Deadlines read as countdowns: amber under 48 h, red when overdue, local time with UTC beside.</summary>
public sealed class DeadlineCountdownTests : BunitContext
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly UserTimeZone _zone = new();

    public DeadlineCountdownTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddSingleton(_zone);
    }

    private static Deadline Due(TimeSpan fromNow, DeadlineAudience audience = DeadlineAudience.Authority) =>
        new("EU", audience, Now + fromNow, "GDPR Art. 33");

    [Fact]
    public void Render_FarDeadline_ShowsDaysAndHoursWithoutWarning()
    {
        var cut = Render<DeadlineCountdown>(p => p.Add(x => x.Deadline, Due(TimeSpan.FromHours(66))));

        Assert.Equal("EU authority due in 2 d 18 h", cut.Find("[data-testid=deadline-countdown]").TextContent.Trim());
        Assert.Equal("Later", cut.Find("[data-testid=deadline-countdown]").GetAttribute("data-urgency"));
    }

    [Fact]
    public void ClockAdvances_CrossesFortyEightHoursThenDue_TurnsAmberThenRed()
    {
        var cut = Render<DeadlineCountdown>(p => p.Add(x => x.Deadline, Due(TimeSpan.FromHours(49))));
        Assert.Equal("Later", cut.Find("[data-testid=deadline-countdown]").GetAttribute("data-urgency"));

        _time.Advance(TimeSpan.FromHours(2));
        cut.WaitForAssertion(() => Assert.Equal("Soon", cut.Find("[data-testid=deadline-countdown]").GetAttribute("data-urgency")));
        Assert.Contains("due in 1 d 23 h", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("bc-deadline-soon", cut.Markup, StringComparison.Ordinal);

        _time.Advance(TimeSpan.FromHours(50));
        cut.WaitForAssertion(() => Assert.Equal("Overdue", cut.Find("[data-testid=deadline-countdown]").GetAttribute("data-urgency")));
        Assert.Contains("EU authority overdue by 3 h", cut.Markup, StringComparison.Ordinal);
        Assert.Contains("bc-deadline-overdue", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoFixedHours_SaysSoWithoutCountdown()
    {
        var cut = Render<DeadlineCountdown>(p => p
            .Add(x => x.Deadline, new Deadline("US-CA", DeadlineAudience.Individuals, null, "most expedient time"))
            .Add(x => x.ShowTime, true));

        Assert.Equal("US-CA individuals: no fixed hours", cut.Find("[data-testid=deadline-countdown]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=deadline-at]"));
    }

    [Fact]
    public void ZoneChanges_ShowsLocalTimeWithUtcBeside()
    {
        var cut = Render<DeadlineCountdown>(p => p.Add(x => x.Deadline, Due(TimeSpan.FromHours(7))).Add(x => x.ShowTime, true));
        Assert.Equal("Wed 2 Dec 2026, 19:00 UTC", cut.Find("[data-testid=deadline-at]").TextContent.Trim());

        _zone.Set("America/New_York");

        cut.WaitForAssertion(() => Assert.Equal("Wed 2 Dec 2026, 14:00 (America/New_York) · 19:00 UTC",
            cut.Find("[data-testid=deadline-at]").TextContent.Trim()));
    }

    [Theory]
    [InlineData(30, "under 1 min")]
    [InlineData(60 * 12, "12 min")]
    [InlineData(60 * 60 * 5 + 60 * 12, "5 h 12 min")]
    [InlineData(60 * 60 * 5, "5 h")]
    [InlineData(60 * 60 * 72, "3 d")]
    public void Span_Durations_ReadAsPeopleSayThem(int seconds, string expected) =>
        Assert.Equal(expected, DeadlineText.Span(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Nearest_OverdueAndFutureAndOpenEnded_PicksEarliestFixed()
    {
        var overdue = Due(TimeSpan.FromHours(-1));
        var nearest = DeadlineText.Nearest([Due(TimeSpan.FromHours(10)), new Deadline("US-CA", DeadlineAudience.Individuals, null, "r"), overdue]);
        Assert.Equal(overdue, nearest);
    }
}
