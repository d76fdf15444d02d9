namespace BreachConsole.Core.Incidents;

/// <summary>The jurisdictions whose notice rules the product knows (notice-law.md).</summary>
public static class Jurisdictions
{
    public static IReadOnlyList<string> All { get; } =
        ["EU", "US-CA", "US-NY", "US-TX", "US-CO", "US-FL", "US-DE", "US-VT", "US-PR", "US-HIPAA"];

    public static bool IsKnown(string? code) => code is not null && All.Contains(code, StringComparer.Ordinal);
}
