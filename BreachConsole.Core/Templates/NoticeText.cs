using System.Net;
using System.Text.RegularExpressions;

namespace BreachConsole.Core.Templates;

/// <summary>
/// A notice's text as the content rules read it: lower-case, HTML tags dropped and entities decoded, ß read as ss, curly
/// apostrophes straight, whitespace collapsed; phrases match whole words only ("folgen" is not in "folgenden"). Headings are
/// the subject, HTML <c>h1</c>–<c>h6</c> elements, or (in a body without HTML headings) each non-empty line, with the text
/// under each heading up to the next one.
/// </summary>
public sealed partial class NoticeText
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    private readonly string _all;
    private readonly string _raw;
    private readonly List<(string Text, bool ExactOnly, bool HasTextBelow)> _headings = [];

    private NoticeText(string raw, string all)
    {
        _raw = raw;
        _all = all;
    }

    /// <summary>True when the body marks its headings up as HTML heading elements.</summary>
    public bool HasHtmlHeadings { get; private init; }

    public static NoticeText Of(string? subject, string body)
    {
        var htmlHeadings = HtmlHeading().Matches(body);
        var text = new NoticeText((subject ?? "") + "\n" + body, Normalize((subject ?? "") + "\n" + body)) { HasHtmlHeadings = htmlHeadings.Count > 0 };
        if (!string.IsNullOrWhiteSpace(subject))
        {
            text._headings.Add((Normalize(subject), false, true));
        }

        if (htmlHeadings.Count > 0)
        {
            for (var i = 0; i < htmlHeadings.Count; i++)
            {
                var match = htmlHeadings[i];
                var next = i + 1 < htmlHeadings.Count ? htmlHeadings[i + 1].Index : body.Length;
                var below = body[(match.Index + match.Length)..next];
                text._headings.Add((Normalize(match.Groups["text"].Value), false, Normalize(below).Length > 0));
            }
        }
        else
        {
            var lines = body.Split('\n').Select(l => Normalize(l).TrimStart('#', ' ').TrimEnd(':', ' ')).Where(l => l.Length > 0).ToList();
            for (var i = 0; i < lines.Count; i++)
            {
                // Text under a plain-text heading: a next line that reads as prose, not as another heading.
                text._headings.Add((lines[i], true, i + 1 < lines.Count && !HeadingLike(lines[i + 1])));
            }
        }

        return text;
    }

    /// <summary>The phrase appears anywhere, as whole words.</summary>
    public bool Contains(string phrase) => Words(phrase).IsMatch(_all);

    /// <summary>
    /// The phrase appears in a heading (as whole words); with <paramref name="describe"/>, that heading has text under it.
    /// In a plain-text body a heading is a line that is the phrase itself (optionally with # before or : after it).
    /// </summary>
    public bool HasHeading(string phrase, bool describe)
    {
        var words = Words(phrase);
        var normalized = Normalize(phrase);
        return _headings.Any(h => (h.ExactOnly ? h.Text == normalized : words.IsMatch(h.Text)) && (!describe || h.HasTextBelow));
    }

    private static bool HeadingLike(string line) =>
        line.Length <= 60 && !line.Contains("{{", StringComparison.Ordinal) && line[^1] is not ('.' or '!' or '?' or ';' or ',' or ')');

    public bool MatchesPattern(string pattern) => new Regex(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, Timeout).IsMatch(_raw);

    private static Regex Words(string phrase) =>
        new(@"(?<![\p{L}\p{N}])" + Regex.Escape(Normalize(phrase)) + @"(?![\p{L}\p{N}])", RegexOptions.CultureInvariant, Timeout);

    public static string Normalize(string text) =>
        Spaces().Replace(WebUtility.HtmlDecode(Tags().Replace(text, " ")), " ").Trim().ToLowerInvariant()
            .Replace("ß", "ss", StringComparison.Ordinal).Replace('’', '\'');

    [GeneratedRegex(@"<h(?<level>[1-6])\b[^>]*>(?<text>.*?)</h\k<level>\s*>", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex HtmlHeading();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
