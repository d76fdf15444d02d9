using Bunit;
using BreachConsole.Components.Shared;
using MudBlazor.Services;

namespace BreachConsole.Tests.Web;

/// <summary>The shared UTC date-time field (new-incident "Aware at", audit From/To) takes typed values.</summary>
public sealed class UtcDateTimeFieldTests : BunitContext
{
    public UtcDateTimeFieldTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
    }

    [Theory]
    [InlineData("2026-12-02T00:40")]
    [InlineData("2026-12-02T00:40:00")]
    [InlineData("12/02/2026, 12:40 AM")]
    [InlineData("2026-12-02 00:40")]
    public void Change_TypedDateTime_RaisesUtcValue(string typed)
    {
        DateTimeOffset? received = null;
        var field = Render<UtcDateTimeField>(p => p
            .Add(x => x.Label, "Aware at (UTC)")
            .Add(x => x.ValueChanged, v => received = v));

        field.Find("input").Change(typed);

        Assert.Equal(new DateTimeOffset(2026, 12, 2, 0, 40, 0, TimeSpan.Zero), received);
        Assert.DoesNotContain("bc-datetime-error", field.Markup, StringComparison.Ordinal);
        // The control keeps what was typed: the server never rewrites it under the person's cursor.
        Assert.Null(field.Find("input").GetAttribute("value"));
    }

    [Fact]
    public void Change_Garbage_ShowsErrorAndKeepsPreviousValue()
    {
        var start = new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero);
        var changes = 0;
        var field = Render<UtcDateTimeField>(p => p
            .Add(x => x.Value, start)
            .Add(x => x.ValueChanged, _ => changes++));

        Assert.Equal("2026-11-01T08:00", field.Find("input").GetAttribute("value"));
        field.Find("input").Change("next tuesday");

        Assert.Equal(0, changes);
        Assert.Contains("Enter a date and time", field.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyDown_Enter_RaisesOnEnter()
    {
        var entered = 0;
        var field = Render<UtcDateTimeField>(p => p.Add(x => x.OnEnter, () => entered++));

        field.Find("input").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Enter" });

        Assert.Equal(1, entered);
    }
}
