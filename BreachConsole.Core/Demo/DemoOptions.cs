namespace BreachConsole.Core.Demo;

/// <summary>Section <c>Demo</c>.</summary>
public sealed class DemoOptions
{
    public const string Section = "Demo";

    /// <summary>Seed a demo incident, its templates, contacts and a submitted campaign on an empty database.</summary>
    public bool Seed { get; set; }
}
