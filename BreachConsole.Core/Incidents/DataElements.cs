namespace BreachConsole.Core.Incidents;

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
