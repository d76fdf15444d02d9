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
    public void Tighten_LowerAllowanceReported_PacesAtTheLowerBudget()
    {
        var time = new FakeTimeProvider();
        using var gate = new GenesysRateGate(600, time, new GenesysMetrics());

        Assert.Equal(120, gate.Tighten(120));
        Assert.Null(gate.Tighten(300));
        var grants = Drain(gate, time, TimeSpan.FromMinutes(10));

        Assert.Equal(120, gate.RequestsPerMinute);
        Assert.True(MaxInAnyMinute(grants) <= 120, $"{MaxInAnyMinute(grants)} requests in one minute after tightening to 120");
    }

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
