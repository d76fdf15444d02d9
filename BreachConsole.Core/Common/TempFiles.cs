namespace BreachConsole.Core.Common;

/// <summary>Scratch files for large downloads: written once, read once, removed when the stream closes.</summary>
public static class TempFiles
{
    public static FileStream CreateDeleteOnClose(string prefix) =>
        new(Path.Combine(Path.GetTempPath(), $"breachconsole-{prefix}-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
