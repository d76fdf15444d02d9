namespace BreachConsole.Core.Incidents;

/// <summary>Hand-written SQL the incident migrations run (kept here so migrations can be regenerated without losing it).</summary>
public static class IncidentMigrationSql
{
    /// <summary>
    /// Incidents created before discovery and determination were recorded separately, or raised by a webhook before it
    /// set them, start both at awareness.
    /// </summary>
    public const string BackfillStartEvents =
        "UPDATE Incidents SET DiscoveredAt = AwareAt, DeterminedAt = AwareAt WHERE DiscoveredAt = 0 OR DeterminedAt = 0;";
}
