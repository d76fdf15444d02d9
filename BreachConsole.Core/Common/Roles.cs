namespace BreachConsole.Core.Common;

/// <summary>The three app roles of the contract. Every use case names the roles it accepts.</summary>
public static class Roles
{
    public const string Legal = "Legal";
    public const string Operations = "Operations";
    public const string Auditor = "Auditor";

    public static IReadOnlyList<string> All { get; } = [Legal, Operations, Auditor];
}
