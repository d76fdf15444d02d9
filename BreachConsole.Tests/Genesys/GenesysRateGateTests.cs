using BreachConsole.Core.Genesys;
using Microsoft.Extensions.Time.Testing;

namespace BreachConsole.Tests.Genesys;

public sealed class GenesysRateGateTests
{
    [Theory]
    [InlineData(300)]
    [InlineData(600)]
    [InlineData(2000)]
    public void TryAcquire_GreedyCallerForASimulatedHour_NeverExceedsBudgetInAnyMinuteAndUsesAlmostAllOfIt(int perMinute)
    {
        var time = new FakeTimeProvider();
        using var gate = new GenesysRateGate(perMinute, time, new GenesysMetrics());

        var grants = Drain(gate, time, TimeSpan.FromHours(1));

        Assert.True(MaxInAnyMinute(grants) <= perMinute, $"{MaxInAnyMinute(grants)} requests in one minute against a budget of {perMinute}");
        Assert.True(grants.Count >= perMinute * 60 * 0.99, $"only {grants.Count} requests in an hour at {perMinute}/min");
    }

    [Fact]
    public void Tighten_LowerAllowanceReported_PacesAtTheLowerBudgetUntilItsWindowResets()
    {
        var time = new FakeTimeProvider();
        using var gate = new GenesysRateGate(600, time, new GenesysMetrics());

        Assert.Equal(120, gate.Tighten(120, TimeSpan.FromMinutes(1)));
        Assert.Null(gate.Tighten(300, TimeSpan.FromMinutes(1)));
        var tight = Drain(gate, time, TimeSpan.FromSeconds(59));
        Assert.Equal(120, gate.RequestsPerMinute);
        time.Advance(TimeSpan.FromSeconds(1));
        var after = Drain(gate, time, TimeSpan.FromMinutes(5));

        Assert.True(tight.Count <= 120, $"{tight.Count} requests in the tightened minute");
        Assert.Equal(600, gate.RequestsPerMinute);
        Assert.True(after.Count >= 600 * 5 * 0.95, $"only {after.Count} requests in five minutes after the window reset");
    }

    [Fact]
    public void Tighten_AllowanceOfAFewSecondsWindow_DoesNotOutliveThatWindow()
    {
        var time = new FakeTimeProvider();
        var metrics = new GenesysMetrics();
        using var gate = new GenesysRateGate(300, time, metrics);

        gate.Tighten(180, TimeSpan.FromSeconds(3));
        Assert.Equal(180, gate.RequestsPerMinute);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.Equal(300, gate.RequestsPerMinute);
        Assert.Equal(300, metrics.Snapshot().RequestsPerMinute);
    }

    [Theory]
    [InlineData("POST", "api/v2/outbound/contactlists/0f8e2a4c-1b7d-4e59-a3c6-9d2e81f0b7a5/contacts?doNotQueue=true", "POST api/v2/outbound/contactlists/{id}/contacts")]
    [InlineData("GET", "api/v2/outbound/messagingcampaigns/5b1c9e7a-2d4f-4a8b-9c3e-7f6a1d2b8e40/progress", "GET api/v2/outbound/messagingcampaigns/{id}/progress")]
    [InlineData("GET", "api/v2/outbound/contactlists?name=x", "GET api/v2/outbound/contactlists")]
    public void FamilyOf_Path_ReplacesIdsAndDropsTheQuery(string method, string path, string expected) =>
        Assert.Equal(expected, GenesysRateGate.FamilyOf(new HttpMethod(method), path));

    /// <summary>Takes every slot the gate grants, stepping the fake clock 10 ms at a time.</summary>
    private static List<TimeSpan> Drain(GenesysRateGate gate, FakeTimeProvider time, TimeSpan duration)
    {
        var start = time.GetUtcNow();
        var grants = new List<TimeSpan>();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += TimeSpan.FromMilliseconds(10))
        {
            while (gate.TryAcquire())
            {
                grants.Add(time.GetUtcNow() - start);
            }

            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        return grants;
    }

    /// <summary>The most grants in any 60-second window [t, t + 60 s), over every window starting at a grant.</summary>
    private static int MaxInAnyMinute(List<TimeSpan> grants)
    {
        var max = 0;
        var end = 0;
        for (var i = 0; i < grants.Count; i++)
        {
            while (end < grants.Count && grants[end] < grants[i] + TimeSpan.FromMinutes(1))
            {
                end++;
            }

            max = Math.Max(max, end - i);
        }

        return max;
    }
}
