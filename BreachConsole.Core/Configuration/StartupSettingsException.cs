namespace BreachConsole.Core.Configuration;

/// <summary>Raised while the host is being built when a setting it needs right away is missing or invalid.</summary>
public sealed class StartupSettingsException(string key, string problem) : Exception($"{key}: {problem}")
{
    public string Key { get; } = key;
}
