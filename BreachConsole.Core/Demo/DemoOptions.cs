namespace BreachConsole.Core.Demo;

/// <summary>Section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed a demo incident (and, as capabilities land, templates and contacts) on an empty database.</summary>
    public bool Seed { get; set; }
}
