using FluentValidation;

namespace BreachConsole.Core.Templates;

/// <summary>Section <c>Templates</c>.</summary>
public sealed class TemplatesOptions
{
    public const string Section = "Templates";

    /// <summary>The most SMS parts a notice may take (the lint blocks submit above it).</summary>
    public int SmsMaxSegments { get; set; } = 3;

    /// <summary>The longest voice script, in characters (about 15 characters a second of speech).</summary>
    public int VoiceMaxCharacters { get; set; } = 1000;

    /// <summary>A counsel-edited rules file replacing the embedded <c>notice-rules.json</c>; empty: the embedded one.</summary>
    public string? RulesFile { get; set; }
}

public sealed class TemplatesOptionsValidator : AbstractValidator<TemplatesOptions>
{
    public TemplatesOptionsValidator()
    {
        RuleFor(x => x.SmsMaxSegments).InclusiveBetween(1, 10);
        RuleFor(x => x.VoiceMaxCharacters).InclusiveBetween(100, 10_000);
        RuleFor(x => x.RulesFile).Must(File.Exists).When(x => !string.IsNullOrWhiteSpace(x.RulesFile))
            .WithMessage("names a file that does not exist.");
    }
}
