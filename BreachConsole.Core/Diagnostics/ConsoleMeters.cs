namespace BreachConsole.Core.Diagnostics;

/// <summary>
/// The names of the console's own meters: the host exports exactly these (OpenTelemetry, see README "Traces and
/// metrics"). A capability that emits metrics names its meter here so that it is exported without a host change.
/// </summary>
public static class ConsoleMeters
{
    /// <summary>Requests, 429s, 5xx and the circuit state of the Genesys client (<see cref="Genesys.GenesysMetrics"/>).</summary>
    public const string Genesys = Core.Genesys.GenesysMetrics.MeterName;

    /// <summary>Contact CSV imports: rows accepted, rejected and duplicated, and how long an import took.</summary>
    public const string Import = "BreachConsole.Import";

    /// <summary>Audit entries linked into the chain, by action and outcome (refusals show as outcome Denied).</summary>
    public const string Audit = "BreachConsole.Audit";

    /// <summary>The campaign dispatcher's batches and outcomes.</summary>
    public const string Dispatch = "BreachConsole.Dispatch";

    public static IReadOnlyList<string> All { get; } = [Genesys, Import, Audit, Dispatch];
}
