using DiffPlex;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace BreachConsole.Core.Templates;

public enum DiffLineKind
{
    Unchanged,
    Deleted,
    Inserted,
    Modified,
    Imaginary,
}

/// <summary>One row of a side-by-side diff; a side is null where that version has no line.</summary>
public sealed record DiffRow(int? OldNumber, string? OldText, DiffLineKind OldKind, int? NewNumber, string? NewText, DiffLineKind NewKind);

/// <summary>Side-by-side, line by line comparison of two versions' text (DiffPlex).</summary>
public static class TemplateDiff
{
    public static IReadOnlyList<DiffRow> SideBySide(string oldText, string newText)
    {
        var model = SideBySideDiffBuilder.Diff(new Differ(), oldText, newText, ignoreWhiteSpace: false, ignoreCase: false);
        var rows = new List<DiffRow>(Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count));
        for (var i = 0; i < Math.Max(model.OldText.Lines.Count, model.NewText.Lines.Count); i++)
        {
            var left = i < model.OldText.Lines.Count ? model.OldText.Lines[i] : null;
            var right = i < model.NewText.Lines.Count ? model.NewText.Lines[i] : null;
            rows.Add(new DiffRow(left?.Position, left?.Type == ChangeType.Imaginary ? null : left?.Text, Kind(left),
                right?.Position, right?.Type == ChangeType.Imaginary ? null : right?.Text, Kind(right)));
        }

        return rows;
    }

    private static DiffLineKind Kind(DiffPiece? piece) => piece?.Type switch
    {
        ChangeType.Deleted => DiffLineKind.Deleted,
        ChangeType.Inserted => DiffLineKind.Inserted,
        ChangeType.Modified => DiffLineKind.Modified,
        ChangeType.Unchanged => DiffLineKind.Unchanged,
        _ => DiffLineKind.Imaginary,
    };
}
