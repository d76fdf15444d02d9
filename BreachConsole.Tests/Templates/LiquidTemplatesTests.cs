using BreachConsole.Core.Templates;

namespace BreachConsole.Tests.Templates;

public sealed class LiquidTemplatesTests
{
    private readonly LiquidTemplates _liquid = new();

    private static NoticeModel Hostile => NoticeModel.Sample with { CustomerFirstName = "<script>alert(1)</script> & Co" };

    [Fact]
    public async Task Render_Email_HtmlEncodesValues()
    {
        var parsed = _liquid.Parse("body", "<p>Dear {{ customer.first_name }}</p>", out _);

        var (text, problem) = await _liquid.RenderAsync(parsed, Hostile, html: true);

        Assert.Null(problem);
        Assert.Equal("<p>Dear &lt;script&gt;alert(1)&lt;/script&gt; &amp; Co</p>", text);
    }

    [Fact]
    public async Task Render_SmsOrVoice_LeavesTextAsIs()
    {
        var parsed = _liquid.Parse("body", "Dear {{ customer.first_name }}", out _);

        var (text, _) = await _liquid.RenderAsync(parsed, Hostile, html: false);

        Assert.Equal("Dear <script>alert(1)</script> & Co", text);
    }

    [Fact]
    public async Task Render_EmailNonAsciiLetters_StayReadable()
    {
        var parsed = _liquid.Parse("body", "{{ customer.first_name }}", out _);

        var (text, _) = await _liquid.RenderAsync(parsed, NoticeModel.Sample with { CustomerFirstName = "José Muñoz" }, html: true);

        Assert.Equal("José Muñoz", text);
    }

    [Fact]
    public void Parse_SyntaxErrorOnLine3_ReportsLineAndColumn()
    {
        _liquid.Parse("body", "a\nb\nc {{ org.name }", out var error);

        Assert.NotNull(error);
        Assert.Equal(3, error.Line);
        Assert.True(error.Column > 0);
        Assert.Equal("body", error.Field);
    }

    [Fact]
    public void Variables_NoSensitiveNumbers_ModelHasNoFullIdentifiers()
    {
        Assert.DoesNotContain(NoticeModel.Paths, p => p.Contains("ssn", StringComparison.OrdinalIgnoreCase)
            || p.Contains("card_number", StringComparison.OrdinalIgnoreCase) || p.Contains("account", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Variables_EveryDocumentedPath_IsInTheScope()
    {
        var parsed = _liquid.Parse("body", string.Join(" ", NoticeModel.Paths.Select(p => "{{ " + p + " }}")), out var error);

        Assert.Null(error);
        Assert.Empty(parsed.Problems);
        Assert.Equal(NoticeModel.Paths.Count, parsed.Variables.Count);
    }

    [Theory]
    [InlineData("{% for i in (1..2000000000) limit:1 %}{{ i }}{% endfor %}")]
    [InlineData("{% assign r = (1..2000000000) %}{{ r.size }}")]
    [InlineData("{% assign n = 2000000000 %}{% for i in (1..n) limit:1 %}{{ i }}{% endfor %}")]
    public void Parse_HugeRangeAllocatedBeforeLimit_RefusedBeforeRendering(string source)
    {
        var parsed = _liquid.Parse("body", source, out var error);

        Assert.Null(error);
        Assert.Contains(parsed.Problems, p => p.Rule == LiquidTemplates.ResourceLimitRule);
    }

    [Theory]
    [InlineData("{% assign s = 'ab' %}{% for i in (1..20) %}{% assign s = s | append: s %}{% endfor %}{{ s.size }}")]
    [InlineData("{% capture s %}ab{% endcapture %}{% for i in (1..20) %}{% capture s %}{{ s }}{{ s }}{% endcapture %}{% endfor %}")]
    public async Task Render_SelfDoublingAssignOrCapture_RefusedWithoutAllocating(string source)
    {
        var parsed = _liquid.Parse("body", source, out _);

        Assert.Contains(parsed.Problems, p => p.Rule == LiquidTemplates.ResourceLimitRule);
        var (text, problem) = await _liquid.RenderAsync(parsed, NoticeModel.Sample, html: false);
        Assert.Null(text);
        Assert.NotNull(problem);
    }

    [Fact]
    public async Task Render_DoublingThroughTwoVariables_StoppedAtTheValueLimit()
    {
        // No single assign mentions itself, so the walk cannot see it: the measured filters stop it while rendering.
        var source = "{% assign a = 'abcdefghij' %}{% for i in (1..8) %}{% assign b = a | append: a %}{% assign a = b | append: b %}{% endfor %}{{ a.size }}";
        var parsed = _liquid.Parse("body", source, out _);

        var (text, problem) = await _liquid.RenderAsync(parsed, NoticeModel.Sample, html: false);

        Assert.Null(text);
        Assert.Contains("Resource limit", problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Render_OutputLargerThanTheCap_Refused()
    {
        var source = "{% for i in (1..999) %}" + new string('x', 200) + "{% endfor %}";
        var parsed = _liquid.Parse("body", source, out _);
        Assert.DoesNotContain(parsed.Problems, p => p.Rule == LiquidTemplates.ResourceLimitRule);

        var (text, problem) = await _liquid.RenderAsync(parsed, NoticeModel.Sample, html: false);

        Assert.Null(text);
        Assert.NotNull(problem);
    }

    [Fact]
    public void Parse_SmallFixedRange_Allowed()
    {
        var parsed = _liquid.Parse("body", "{% for i in (1..3) %}{{ i }}{% endfor %}", out _);

        Assert.DoesNotContain(parsed.Problems, p => p.Rule == LiquidTemplates.ResourceLimitRule);
    }
}
