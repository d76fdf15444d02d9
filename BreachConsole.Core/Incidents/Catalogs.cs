namespace BreachConsole.Core.Incidents;

/// <summary>The jurisdictions whose notice rules the product knows (notice-law.md).</summary>
public static class Jurisdictions
{
    public static IReadOnlyList<string> All { get; } =
        ["EU", "US-CA", "US-NY", "US-TX", "US-CO", "US-FL", "US-DE", "US-VT", "US-PR", "US-HIPAA"];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}

/// <summary>The kinds of personal data an incident may have exposed.</summary>
public static class DataElements
{
    public static IReadOnlyList<string> All { get; } =
    [
        "Name", "Email", "Phone", "PostalAddress", "DateOfBirth", "SSN", "DriversLicense", "CreditCard", "BankAccount",
        "HealthRecord", "Credentials",
    ];

    public static bool IsKnown(string? element) => element is not null && All.Contains(element, StringComparer.Ordinal);
}
