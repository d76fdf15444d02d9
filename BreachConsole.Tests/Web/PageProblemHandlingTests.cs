using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using BreachConsole.Components.Shared;
using FluentValidation;
using FluentValidation.Results;

namespace BreachConsole.Tests.Web;

/// <summary>
/// Pages turn Core's refusals and invalid input into a message in one place (<see cref="UiRefusals.RunAsync"/>), so a
/// forged event's 403 is always recorded and every page words a problem the same way (issue 12).
/// </summary>
public sealed partial class PageProblemHandlingTests
{
    [Fact]
    public void Pages_NeverCatchValidationOrDomainExceptionsThemselves()
    {
        var components = Path.Combine(RepoRoot(), "BreachConsole", "Components");
        var files = Directory.EnumerateFiles(components, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => Path.GetFileName(f) != "UiRefusals.cs")
            .ToList();

        var offenders = files
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(components, f), Line: i + 1, Text: line)))
            .Where(l => CatchesThem().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(files.Count > 20, "the page sources were not found");
        Assert.True(offenders.Count == 0, "Use UiRefusals.RunAsync instead of catching these in a page:\n" + string.Join("\n", offenders));
    }

    [Fact]
    public void Problem_FromValidation_NamesFieldsLikeTheApi()
    {
        var problem = UiProblem.Of(new ValidationException(
        [
            new ValidationFailure("DataElements[0]", "Unknown data element."),
            new ValidationFailure("AwareAt", "Aware at is required."),
            new ValidationFailure("AwareAt", "Aware at is required."),
        ]));

        Assert.Equal("Unknown data element. Aware at is required.", problem.Message);
        Assert.Equal(["Unknown data element.", "Aware at is required."], problem.Lines);
        Assert.Equal("Unknown data element.", problem.Fields["dataElements"]);
        Assert.Equal("Aware at is required.", problem.Fields["awareAt"]);
    }

    // catch (ValidationException …), catch (FluentValidation.ValidationException …), catch (DomainException …), and an
    // exception filter naming either ("when (ex is DomainException or ValidationException)").
    [GeneratedRegex(@"catch\s*\(\s*(FluentValidation\.)?(ValidationException|DomainException)\b|\bis\s+(DomainException|ValidationException)\b")]
    private static partial Regex CatchesThem();

    private static string RepoRoot([CallerFilePath] string path = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, "..", ".."));
}
