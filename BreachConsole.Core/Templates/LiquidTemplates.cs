using System.Text.Encodings.Web;
using System.Text.RegularExpressions;
using System.Text.Unicode;
using Fluid;
using Fluid.Ast;

namespace BreachConsole.Core.Templates;

/// <summary>A Liquid syntax error, located for the author.</summary>
public sealed record LiquidSyntaxError(string Field, string Message, int? Line, int? Column)
{
    public string Describe() => Line is { } l
        ? $"Liquid syntax error in the {Field} at line {l}, column {Column}: {Message}"
        : $"Liquid syntax error in the {Field}: {Message}";
}

/// <summary>A name a template uses that the variable model or the filter list does not have, or a forbidden tag.</summary>
public sealed record LiquidProblem(string Rule, string Message, int? Line);

/// <summary>A parsed template part and what it refers to.</summary>
public sealed class ParsedLiquid
{
    internal ParsedLiquid(IFluidTemplate template, IReadOnlySet<string> variables, IReadOnlyList<LiquidProblem> problems)
    {
        Template = template;
        Variables = variables;
        Problems = problems;
    }

    internal IFluidTemplate Template { get; }

    /// <summary>Documented variable paths the text uses (locals excluded).</summary>
    public IReadOnlySet<string> Variables { get; }

    public IReadOnlyList<LiquidProblem> Problems { get; }
}

/// <summary>
/// Liquid through Fluid, closed to the documented variable model: the parse tree is walked before anything renders,
/// and an unknown variable or filter is a lint problem; rendering itself runs strict, so nothing renders silently empty.
/// </summary>
public sealed partial class LiquidTemplates
{
    public const string UnknownVariableRule = "liquid-unknown-variable";
    public const string UnknownFilterRule = "liquid-unknown-filter";
    public const string ForbiddenTagRule = "liquid-tag-not-allowed";
    public const string ResourceLimitRule = "liquid-resource-limit";

    /// <summary>The largest range (<c>(1..n)</c>) a notice may iterate; the range is allocated whole before <c>limit:</c> applies.</summary>
    public const int MaxRangeSize = 1_000;

    /// <summary>The longest string or list any value may grow to while rendering (an assign, a capture, a filter's result).</summary>
    public const int MaxValueLength = TemplateRules.MaxBodyLength * 2;

    /// <summary>The longest text a render may produce.</summary>
    public const int MaxRenderedLength = TemplateRules.MaxBodyLength * 2;

    /// <summary>Filters whose result can be larger than their input: each result is measured.</summary>
    private static readonly string[] GrowingFilters =
        ["append", "prepend", "replace", "replace_first", "replace_last", "join", "concat", "split", "escape", "escape_once", "url_encode",
         "default", "map", "where", "uniq", "sort", "sort_natural", "reverse", "compact", "slice", "times", "format_number", "json"];

    /// <summary>Filters that would defeat encoding or reach outside the template.</summary>
    private static readonly HashSet<string> ForbiddenFilters = new(StringComparer.Ordinal) { "raw" };

    private static readonly HashSet<string> ListMembers = new(StringComparer.Ordinal) { "size", "first", "last" };

    private static readonly HtmlEncoder EmailEncoder = HtmlEncoder.Create(UnicodeRanges.All);

    private readonly FluidParser _parser = new();
    private readonly TemplateOptions _options = CreateOptions();

    /// <summary>
    /// Fluid 2.41 counts steps but not memory: every assign, capture and growing filter result is measured here, and the
    /// output writer stops at <see cref="MaxRenderedLength"/>, so no template allocates without bound.
    /// </summary>
    private static TemplateOptions CreateOptions()
    {
        var options = new TemplateOptions
        {
            StrictVariables = true,
            StrictFilters = true,
            MaxSteps = 20_000,
            MaxRecursion = 20,
        };
        options.Assigned = (identifier, value, _) => ValueTask.FromResult(Measured(value, identifier));
        options.Captured = (identifier, value, _) => ValueTask.FromResult(Measured(value, identifier));
        foreach (var name in GrowingFilters)
        {
            if (options.Filters.TryGetValue(name, out var filter))
            {
                options.Filters.AddFilter(name, async (input, arguments, context) => Measured(await filter(input, arguments, context), name));
            }
        }

        return options;
    }

    private static Fluid.Values.FluidValue Measured(Fluid.Values.FluidValue value, string what)
    {
        var size = value switch
        {
            Fluid.Values.StringValue s => s.ToStringValue().Length,
            Fluid.Values.ArrayValue a => a.Values.Count,
            _ => 0,
        };
        return size > MaxValueLength
            ? throw new InvalidOperationException($"Resource limit: '{what}' grew past {MaxValueLength} characters or items.")
            : value;
    }

    [GeneratedRegex(@"at \((?<line>\d+):(?<col>\d+)\)")]
    private static partial Regex ErrorPosition();

    /// <summary>Parses one part (<paramref name="field"/> is <c>subject</c> or <c>body</c>, named in errors).</summary>
    public ParsedLiquid Parse(string field, string source, out LiquidSyntaxError? error)
    {
        if (!_parser.TryParse(source, out var template, out var message))
        {
            var position = ErrorPosition().Match(message ?? "");
            var text = (message ?? "The template could not be read.").Split('\n')[0];
            var cut = text.IndexOf(" at (", StringComparison.Ordinal);
            if (cut > 0)
            {
                text = text[..cut];
            }

            error = position.Success
                ? new LiquidSyntaxError(field, text, int.Parse(position.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                    int.Parse(position.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture))
                : new LiquidSyntaxError(field, text, null, null);
            return new ParsedLiquid(_parser.Parse(""), new HashSet<string>(), []);
        }

        error = null;
        var walker = new Walker(_options);
        walker.VisitTemplate(template);
        var problems = new List<LiquidProblem>();
        foreach (var path in walker.Paths.Where(p => !walker.Locals.Contains(p.Split('.')[0])).Where(p => !IsKnown(p)).Distinct())
        {
            problems.Add(new LiquidProblem(UnknownVariableRule,
                $"Unknown variable '{path}' in the {field}. Use one of the documented variables.", LineOf(source, path)));
        }

        foreach (var filter in walker.Filters.Distinct())
        {
            if (ForbiddenFilters.Contains(filter) || !_options.Filters.TryGetValue(filter, out _))
            {
                problems.Add(new LiquidProblem(UnknownFilterRule, ForbiddenFilters.Contains(filter)
                    ? $"The filter '{filter}' is not allowed in notices (it would skip encoding)."
                    : $"Unknown filter '{filter}' in the {field}.", LineOf(source, filter)));
            }
        }

        foreach (var tag in walker.ForbiddenTags.Distinct())
        {
            problems.Add(new LiquidProblem(ForbiddenTagRule, $"The tag '{tag}' is not allowed in notices.", LineOf(source, tag)));
        }

        foreach (var (limit, needle) in walker.ResourceProblems.Distinct())
        {
            problems.Add(new LiquidProblem(ResourceLimitRule, $"{limit} in the {field}.", LineOf(source, needle)));
        }

        var used = walker.Paths.Where(p => !walker.Locals.Contains(p.Split('.')[0])).Select(Normalize).Where(NoticeModel.Paths.Contains);
        return new ParsedLiquid(template, used.ToHashSet(StringComparer.Ordinal), problems);
    }

    /// <summary>
    /// Renders with <paramref name="model"/>. Email bodies HTML-encode every value; subjects, SMS and voice are text.
    /// Returns null and a problem when rendering fails (a template that lint already flagged, or a step limit).
    /// </summary>
    public async Task<(string? Text, string? Problem)> RenderAsync(ParsedLiquid parsed, NoticeModel model, bool html)
    {
        var context = new TemplateContext(_options);
        foreach (var (name, value) in model.ToScope())
        {
            context.SetValue(name, value);
        }

        if (parsed.Problems.Any(p => p.Rule == ResourceLimitRule))
        {
            return (null, parsed.Problems.First(p => p.Rule == ResourceLimitRule).Message);
        }

        try
        {
            await using var writer = new LimitedWriter(MaxRenderedLength);
            await parsed.Template.RenderAsync(writer, html ? EmailEncoder : NullEncoder.Default, context);
            return (writer.ToString(), null);
        }
        catch (Exception ex) when (ex is FluidException or InvalidOperationException or FormatException)
        {
            return (null, ex.Message);
        }
    }

    private static bool IsKnown(string path) => NoticeModel.Paths.Contains(Normalize(path));

    /// <summary><c>incident.data_elements.size</c> → <c>incident.data_elements</c>.</summary>
    private static string Normalize(string path)
    {
        var cut = path.LastIndexOf('.');
        return cut > 0 && ListMembers.Contains(path[(cut + 1)..]) && NoticeModel.ListPaths.Contains(path[..cut]) ? path[..cut] : path;
    }

    private static int? LineOf(string source, string needle)
    {
        var index = source.IndexOf(needle, StringComparison.Ordinal);
        return index < 0 ? null : source.AsSpan(0, index).Count('\n') + 1;
    }

    private sealed class Walker(TemplateOptions options) : AstVisitor
    {
        public List<string> Paths { get; } = [];
        public List<string> Filters { get; } = [];
        public HashSet<string> Locals { get; } = new(StringComparer.Ordinal) { "forloop", "tablerowloop", "empty", "blank", "nil", "null", "true", "false" };
        public List<string> ForbiddenTags { get; } = [];

        public TemplateOptions Options { get; } = options;

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            var names = new List<string>();
            foreach (var segment in memberExpression.Segments)
            {
                if (segment is IdentifierSegment identifier)
                {
                    names.Add(identifier.Identifier);
                }
                else
                {
                    break;
                }
            }

            if (names.Count > 0)
            {
                Paths.Add(string.Join('.', names));
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Expression VisitFilterExpression(FilterExpression filterExpression)
        {
            Filters.Add(filterExpression.Name);
            return base.VisitFilterExpression(filterExpression);
        }

        /// <summary>Resource problems found while walking: the message and a text to locate its line.</summary>
        public List<(string Message, string Needle)> ResourceProblems { get; } = [];

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            Locals.Add(forStatement.Identifier);
            return base.VisitForStatement(forStatement);
        }

        protected override Expression VisitRangeExpression(RangeExpression rangeExpression)
        {
            if (rangeExpression.From is LiteralExpression { Value: var from } && rangeExpression.To is LiteralExpression { Value: var to })
            {
                if (to.ToNumberValue() - from.ToNumberValue() >= MaxRangeSize)
                {
                    ResourceProblems.Add(($"A range may hold at most {MaxRangeSize} numbers (it is built whole before 'limit' applies)", ".."));
                }
            }
            else
            {
                ResourceProblems.Add(("A range must have fixed numbers as its bounds", ".."));
            }

            return base.VisitRangeExpression(rangeExpression);
        }

        protected override Statement VisitAssignStatement(AssignStatement assignStatement)
        {
            Locals.Add(assignStatement.Identifier);
            var uses = new Uses();
            uses.Visit(assignStatement.Value);
            if (uses.Roots.Contains(assignStatement.Identifier))
            {
                ResourceProblems.Add(($"'{assignStatement.Identifier}' is assigned from itself (a self-doubling assign grows without bound)",
                    assignStatement.Identifier));
            }

            return base.VisitAssignStatement(assignStatement);
        }

        protected override Statement VisitCaptureStatement(CaptureStatement captureStatement)
        {
            Locals.Add(captureStatement.Identifier);
            var uses = new Uses();
            foreach (var statement in captureStatement.Statements)
            {
                uses.Visit(statement);
            }

            if (uses.Roots.Contains(captureStatement.Identifier))
            {
                ResourceProblems.Add(($"'{captureStatement.Identifier}' is captured from itself (a self-doubling capture grows without bound)",
                    captureStatement.Identifier));
            }

            if (uses.HasLoop)
            {
                ResourceProblems.Add(("A capture may not contain a loop", "capture"));
            }

            return base.VisitCaptureStatement(captureStatement);
        }

        protected override Statement VisitIncludeStatement(IncludeStatement includeStatement)
        {
            ForbiddenTags.Add("include");
            return includeStatement;
        }

        protected override Statement VisitRenderStatement(RenderStatement renderStatement)
        {
            ForbiddenTags.Add("render");
            return renderStatement;
        }

        protected override Statement VisitMacroStatement(MacroStatement macroStatement)
        {
            ForbiddenTags.Add("macro");
            return macroStatement;
        }

        protected override Statement VisitFromStatement(FromStatement fromStatement)
        {
            ForbiddenTags.Add("from");
            return fromStatement;
        }
    }

    /// <summary>The variables (first path segment) an expression or statement reads, and whether it loops.</summary>
    private sealed class Uses : AstVisitor
    {
        public HashSet<string> Roots { get; } = new(StringComparer.Ordinal);

        public bool HasLoop { get; private set; }

        protected override Expression VisitMemberExpression(MemberExpression memberExpression)
        {
            if (memberExpression.Segments.FirstOrDefault() is IdentifierSegment identifier)
            {
                Roots.Add(identifier.Identifier);
            }

            return base.VisitMemberExpression(memberExpression);
        }

        protected override Statement VisitForStatement(ForStatement forStatement)
        {
            HasLoop = true;
            return base.VisitForStatement(forStatement);
        }
    }

    /// <summary>The render's output, refused past a fixed number of characters (before they are buffered).</summary>
    private sealed class LimitedWriter(int limit) : StringWriter(System.Globalization.CultureInfo.InvariantCulture)
    {
        private void Reserve(int count)
        {
            if (GetStringBuilder().Length + count > limit)
            {
                throw new InvalidOperationException($"Resource limit: the rendered text would be longer than {limit} characters.");
            }
        }

        public override void Write(char value)
        {
            Reserve(1);
            base.Write(value);
        }

        public override void Write(string? value)
        {
            Reserve(value?.Length ?? 0);
            base.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            Reserve(count);
            base.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            Reserve(buffer.Length);
            base.Write(buffer);
        }
    }
}
