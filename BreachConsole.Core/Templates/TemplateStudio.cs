using BreachConsole.Core.Dispatch;
using FluentValidation;

namespace BreachConsole.Core.Templates;

/// <summary>A notice rendered with the sample data, as the customer would receive it.</summary>
public sealed record TemplatePreview(
    string? Subject,
    string? Body,
    SmsEncoding Encoding,
    int Segments,
    int Units,
    IReadOnlyList<char> NonGsm7Characters);

/// <summary>A notice rendered for one customer: what dispatch hands to the channel.</summary>
public sealed record RenderedNotice(string? Subject, string Body);

/// <summary>An approved version parsed once, ready to render for each customer of a batch.</summary>
public sealed record PreparedNotice(ResolvedTemplate Template, ParsedLiquid Body, ParsedLiquid? Subject);

/// <summary>Everything the editor shows while Legal types: syntax errors, lint and the preview.</summary>
public sealed record TemplateCheck(IReadOnlyList<LiquidSyntaxError> SyntaxErrors, IReadOnlyList<LintFinding> Lint, TemplatePreview Preview)
{
    public bool HasSyntaxErrors => SyntaxErrors.Count > 0;

    public bool Blocking => HasSyntaxErrors || Lint.Any(f => f.Severity == LintSeverity.Error);

    /// <summary>Syntax errors as lint findings, for one list in the editor.</summary>
    public IReadOnlyList<LintFinding> AllFindings =>
        [.. SyntaxErrors.Select(e => new LintFinding("liquid-syntax", e.Describe(), e.Line)), .. Lint];
}

/// <summary>
/// Parses, lints and renders a draft with the sample data in the draft's language. Pure: no database, no actor; the editor calls it on every
/// keystroke (debounced) and the use cases call it before saving or submitting.
/// </summary>
public sealed class TemplateStudio(LiquidTemplates liquid, IValidator<LintSubject> lint)
{
    public Task<TemplateCheck> CheckAsync(Channel channel, string locale, IReadOnlyList<string> jurisdictions, string? subject, string body,
        CancellationToken cancellationToken = default) =>
        CheckAsync(channel, locale, jurisdictions, subject, body, dataElements: null, cancellationToken);

    /// <summary>
    /// As above, for an incident whose exposed <paramref name="dataElements"/> are known: rules conditional on data elements
    /// then apply (errors) or drop out; with null (authoring, no incident) they are warnings to check.
    /// </summary>
    public async Task<TemplateCheck> CheckAsync(Channel channel, string locale, IReadOnlyList<string> jurisdictions, string? subject, string body,
        IReadOnlyList<string>? dataElements, CancellationToken cancellationToken = default)
    {
        var errors = new List<LiquidSyntaxError>();
        ParsedLiquid? parsedSubject = null;
        if (channel == Channel.Email && !string.IsNullOrEmpty(subject))
        {
            parsedSubject = liquid.Parse("subject", subject, out var subjectError);
            if (subjectError is not null)
            {
                errors.Add(subjectError);
            }
        }

        var parsedBody = liquid.Parse("body", body, out var bodyError);
        if (bodyError is not null)
        {
            errors.Add(bodyError);
        }

        if (errors.Count > 0)
        {
            return new TemplateCheck(errors, [], new TemplatePreview(null, null, SmsEncoding.Gsm7, 0, 0, []));
        }

        var structural = (parsedSubject?.Problems.Count ?? 0) + parsedBody.Problems.Count;
        string? renderedSubject = null;
        string? renderedBody = null;
        var renderProblems = new List<LintFinding>();
        if (structural == 0)
        {
            // The sample reads in the template's language, so a Spanish draft previews (and is measured) as a customer reads it.
            var sample = NoticeModel.SampleFor(locale);
            if (parsedSubject is not null)
            {
                (renderedSubject, var problem) = await liquid.RenderAsync(parsedSubject, sample, html: false);
                AddRenderProblem(renderProblems, "subject", problem);
            }

            (renderedBody, var bodyProblem) = await liquid.RenderAsync(parsedBody, sample, html: channel == Channel.Email);
            AddRenderProblem(renderProblems, "body", bodyProblem);
        }

        var sms = channel == Channel.Sms && renderedBody is not null ? SmsSegments.Measure(renderedBody) : null;
        var result = await lint.ValidateAsync(
            new LintSubject(channel, locale, jurisdictions, subject, body, parsedSubject, parsedBody, renderedBody, sms, dataElements), cancellationToken);
        var findings = TemplateLintValidator.Findings(result).Concat(renderProblems).ToList();
        var preview = new TemplatePreview(renderedSubject, renderedBody, sms?.Encoding ?? SmsEncoding.Gsm7, sms?.Segments ?? 0, sms?.Units ?? 0,
            renderedBody is not null && channel == Channel.Sms ? SmsSegments.NonGsm7Characters(renderedBody) : []);
        if (channel != Channel.Sms && renderedBody is not null)
        {
            // Encoding and segments only mean something for SMS; other channels report the text's own measure.
            var measure = SmsSegments.Measure(renderedBody);
            preview = preview with { Encoding = measure.Encoding, Segments = 0, Units = renderedBody.Length };
        }

        return new TemplateCheck([], findings, preview);
    }

    /// <summary>
    /// Renders an approved version with a customer's data (dispatch). An approved version passed lint, so a failure here
    /// is a defect, reported as <see cref="InvalidOperationException"/> naming the template, never the data.
    /// </summary>
    public Task<RenderedNotice> RenderAsync(ResolvedTemplate template, NoticeModel model) => RenderAsync(Prepare(template), model);

    /// <summary>
    /// Parses an approved version once for many customers (a dispatch batch renders one version for each of its contacts).
    /// Throws <see cref="InvalidOperationException"/> naming the template when it does not parse cleanly.
    /// </summary>
    public PreparedNotice Prepare(ResolvedTemplate template)
    {
        var body = liquid.Parse("body", template.Body, out var bodyError);
        var subject = template.Channel == Channel.Email && template.Subject is not null ? liquid.Parse("subject", template.Subject, out var subjectError) : null;
        return bodyError is not null || body.Problems.Count > 0 || subject?.Problems.Count > 0
            ? throw new InvalidOperationException($"Template {template.TemplateId} v{template.Version} does not parse cleanly.")
            : new PreparedNotice(template, body, subject);
    }

    /// <summary>Renders a prepared version with one customer's data; failures as <see cref="RenderAsync(ResolvedTemplate, NoticeModel)"/>.</summary>
    public async Task<RenderedNotice> RenderAsync(PreparedNotice prepared, NoticeModel model)
    {
        var template = prepared.Template;
        var (renderedBody, problem) = await liquid.RenderAsync(prepared.Body, model, html: template.Channel == Channel.Email);
        string? renderedSubject = null;
        if (prepared.Subject is not null)
        {
            (renderedSubject, var subjectProblem) = await liquid.RenderAsync(prepared.Subject, model, html: false);
            problem ??= subjectProblem;
        }

        return problem is null && renderedBody is not null
            ? new RenderedNotice(renderedSubject?.ReplaceLineEndings(" "), renderedBody)
            : throw new InvalidOperationException($"Template {template.TemplateId} v{template.Version} did not render.");
    }

    private static void AddRenderProblem(List<LintFinding> findings, string field, string? problem)
    {
        if (problem is not null)
        {
            findings.Add(new LintFinding(TemplateLintValidator.RenderRule, $"The {field} does not render with the sample data: {problem}"));
        }
    }
}
