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
}
