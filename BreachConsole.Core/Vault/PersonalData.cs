using Microsoft.Extensions.Compliance.Classification;

namespace BreachConsole.Core.Vault;

/// <summary>The console's data classification taxonomy. Redaction is the safety net behind "never log a value".</summary>
public static class PiiTaxonomy
{
    public const string Name = "BreachConsole";

    /// <summary>Names, phones, emails, customer ids: anything that identifies a person.</summary>
    public static DataClassification Personal { get; } = new(Name, "Personal");
}

/// <summary>Marks a property or log parameter as personal data: the log redactor erases it if it ever reaches a log call.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class PersonalDataAttribute() : DataClassificationAttribute(PiiTaxonomy.Personal);
