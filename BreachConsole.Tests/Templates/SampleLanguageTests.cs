using BreachConsole.Core.Dispatch;
using BreachConsole.Core.Incidents;
using BreachConsole.Core.Templates;
using static BreachConsole.Tests.Templates.TemplateTestKit;

namespace BreachConsole.Tests.Templates;

/// <summary>The preview reads in the template's language (issue 13), and data elements read as people say them.</summary>
public sealed class SampleLanguageTests
{
    private const string Body = "{{ customer.first_name }}: {{ incident.title }}. {{ incident.data_elements | join: \", \" }}. {{ preferences_url }}";

    [Theory]
    [InlineData("es-PR", "Carmen: Exposición de datos de tarjetas de pago. Nombre, Dirección de correo electrónico, Número de tarjeta de crédito.")]
    [InlineData("es", "Carmen: Exposición de datos de tarjetas de pago.")]
    [InlineData("fr-FR", "Camille: Exposition de données de cartes de paiement. Nom, Adresse e-mail, Numéro de carte de crédit.")]
    [InlineData("de-DE", "Lukas: Offenlegung von Zahlungskartendaten. Name, E-Mail-Adresse, Kreditkartennummer.")]
    [InlineData("en-US", "Maria: Payment card data exposure. Name, Email address, Credit card number.")]
    [InlineData("pt-BR", "Maria: Payment card data exposure.")]
    public async Task Preview_TemplateLocale_SampleInThatLanguageEnglishOtherwise(string locale, string expected)
    {
        var check = await CheckAsync(Channel.Voice, Body, locale: locale);

        Assert.StartsWith(expected, check.Preview.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Preview_ChecksFail_StillRendersInTheTemplatesLanguage()
    {
        // A Spanish email with none of the GDPR content: the checks fail and block submitting, the preview still shows.
        var check = await CheckAsync(Channel.Email, "<p>Hola {{ customer.first_name }}.</p>", subject: "Aviso", locale: "es-PR", jurisdictions: ["EU"]);

        Assert.True(check.Blocking);
        Assert.Contains(check.Lint, f => f.Severity == LintSeverity.Error && f.Rule.StartsWith("GDPR", StringComparison.Ordinal));
        Assert.Equal("<p>Hola Carmen.</p>", check.Preview.Body);
    }

    [Theory]
    [InlineData("CreditCard", null, "Credit card number")]
    [InlineData("CreditCard", "es-MX", "Número de tarjeta de crédito")]
    [InlineData("SSN", "fr", "Numéro de sécurité sociale")]
    [InlineData("HealthRecord", "de-AT", "Gesundheitsdaten")]
    [InlineData("DriversLicense", "ja-JP", "Driver's license number")]
    [InlineData("Credentials", "not a tag!", "Username and password")]
    [InlineData("Unlisted", "en", "Unlisted")]
    public void Label_ElementAndLocale_HumanWordsInThatLanguage(string element, string? locale, string expected) =>
        Assert.Equal(expected, DataElements.Label(element, locale));

    [Fact]
    public void Label_EveryElement_HasItsOwnWordsInEveryLabelLanguage()
    {
        foreach (var language in DataElements.LabelLanguages)
        {
            var labels = DataElements.LabelsOf(DataElements.All, language);
            Assert.Equal(labels.Count, labels.Distinct(StringComparer.Ordinal).Count());
            Assert.All(labels, l => Assert.DoesNotMatch("^[A-Z][a-z]+[A-Z]", l));
        }
    }

    [Fact]
    public async Task Lint_ConditionalRule_NamesTheDataElementsInWords()
    {
        var check = await CheckAsync(Channel.Email, CompliantEmail, EmailSubject, jurisdictions: ["US-CA"]);

        var conditional = check.Lint.Where(f => f.Message.StartsWith("Applies when", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(conditional);
        Assert.All(conditional, f => Assert.DoesNotContain("SSN or", f.Message, StringComparison.Ordinal));
        Assert.Contains(conditional, f => f.Message.Contains("Social Security number", StringComparison.Ordinal));
    }
}
