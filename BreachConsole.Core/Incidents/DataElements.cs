using System.Collections.Frozen;
using BreachConsole.Core.Common;

namespace BreachConsole.Core.Incidents;

/// <summary>
/// The kinds of personal data an incident may have exposed. The API and the database speak the names in <see cref="All"/>
/// (<c>CreditCard</c>); people read <see cref="Label"/> ("Credit card number"), in a notice's language where one is known.
/// </summary>
public static class DataElements
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Name", "Email", "Phone", "PostalAddress", "DateOfBirth", "SSN", "DriversLicense", "CreditCard", "BankAccount",
        "HealthRecord", "Credentials",
    ];

    /// <summary>The languages labels are written in; any other reads English.</summary>
    public static IReadOnlyList<string> LabelLanguages => Languages;

    private static readonly string[] Languages = ["en", "es", "fr", "de"];

    // One row per element, in the order of LabelLanguages.
    private static readonly FrozenDictionary<string, string[]> Labels = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["Name"] = ["Name", "Nombre", "Nom", "Name"],
        ["Email"] = ["Email address", "Dirección de correo electrónico", "Adresse e-mail", "E-Mail-Adresse"],
        ["Phone"] = ["Phone number", "Número de teléfono", "Numéro de téléphone", "Telefonnummer"],
        ["PostalAddress"] = ["Postal address", "Dirección postal", "Adresse postale", "Postanschrift"],
        ["DateOfBirth"] = ["Date of birth", "Fecha de nacimiento", "Date de naissance", "Geburtsdatum"],
        ["SSN"] = ["Social Security number", "Número de Seguro Social", "Numéro de sécurité sociale", "Sozialversicherungsnummer"],
        ["DriversLicense"] = ["Driver's license number", "Número de licencia de conducir", "Numéro de permis de conduire", "Führerscheinnummer"],
        ["CreditCard"] = ["Credit card number", "Número de tarjeta de crédito", "Numéro de carte de crédit", "Kreditkartennummer"],
        ["BankAccount"] = ["Bank account number", "Número de cuenta bancaria", "Numéro de compte bancaire", "Kontonummer"],
        ["HealthRecord"] = ["Health information", "Información de salud", "Données de santé", "Gesundheitsdaten"],
        ["Credentials"] = ["Username and password", "Usuario y contraseña", "Identifiant et mot de passe", "Benutzername und Passwort"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static bool IsKnown(string? element) => element is not null && All.Contains(element, StringComparer.Ordinal);

    /// <summary>
    /// What people call <paramref name="element"/> in <paramref name="locale"/>'s language (<c>es-PR</c> reads Spanish);
    /// English for any other language, and the name itself for an element this list does not know.
    /// </summary>
    public static string Label(string element, string? locale = null)
    {
        if (!Labels.TryGetValue(element, out var labels))
        {
            return element;
        }

        var language = LanguageTag.TryNormalize(locale, out var tag) ? LanguageTag.Language(tag) : "en";
        var index = Math.Max(0, Array.IndexOf(Languages, language));
        return labels[index];
    }

    /// <summary><see cref="Label"/> of each element, in order.</summary>
    public static IReadOnlyList<string> LabelsOf(IEnumerable<string> elements, string? locale = null) =>
        [.. elements.Select(e => Label(e, locale))];
}
