using BreachConsole.Core.Configuration;
using Microsoft.Extensions.Options;

namespace BreachConsole.Hosting;

/// <summary>Turns a settings failure during start-up into one line that names the key, instead of a stack trace.</summary>
internal static class StartupRefusal
{
    public static string? Describe(Exception ex) => ex switch
    {
        StartupSettingsException s => s.Message,
        OptionsValidationException o => string.Join("; ", o.Failures),
        // The configuration binder names the key: "Failed to convert configuration value 'x' at 'Genesys:Mode' to type ...".
        InvalidOperationException { Message: var m } when m.StartsWith("Failed to convert configuration value", StringComparison.Ordinal) => m,
        AggregateException a when a.InnerExceptions.Count == 1 => Describe(a.InnerExceptions[0]),
        _ => null,
    };
}
