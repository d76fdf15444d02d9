using BreachConsole.Core.Templates;

namespace BreachConsole.Tests.Templates;

public sealed class TemplateDiffTests
{
    [Fact]
    public void SideBySide_OneLineChangedOneAdded_MarksThemAndKeepsTheRest()
    {
        var rows = TemplateDiff.SideBySide("Hello\nOld line\nBye", "Hello\nNew line\nBye\nExtra");

        Assert.Equal(DiffLineKind.Unchanged, rows[0].OldKind);
        Assert.Equal(("Old line", "New line"), (rows[1].OldText, rows[1].NewText));
        Assert.NotEqual(DiffLineKind.Unchanged, rows[1].NewKind);
        Assert.Equal(DiffLineKind.Unchanged, rows[2].NewKind);
        Assert.Equal((DiffLineKind.Imaginary, DiffLineKind.Inserted, "Extra"), (rows[3].OldKind, rows[3].NewKind, rows[3].NewText));
        Assert.Null(rows[3].OldText);
    }

    [Fact]
    public void SideBySide_SameText_AllUnchanged()
    {
        Assert.All(TemplateDiff.SideBySide("a\nb", "a\nb"), r => Assert.Equal(DiffLineKind.Unchanged, r.NewKind));
    }
}
