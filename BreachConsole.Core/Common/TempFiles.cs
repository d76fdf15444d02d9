namespace BreachConsole.Core.Common;

/// <summary>
/// Scratch files for large downloads (audit exports, evidence packs): written once, read once, removed when the stream
/// closes. They live in a folder only this user can enter (0700) and are created readable by this user alone (0600), so
/// another account on the host cannot read an export while it is being built.
/// </summary>
public static class TempFiles
{
    private const UnixFileMode OwnerOnlyFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The private scratch folder (created on first use, its permissions re-tightened every time).</summary>
    public static string Folder
    {
        get
        {
            var folder = Path.Combine(Path.GetTempPath(), $"breachconsole-{Environment.UserName}");
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(folder);
                return folder;
            }

            Directory.CreateDirectory(folder, OwnerOnlyFolder);
            if (File.GetUnixFileMode(folder) != OwnerOnlyFolder)
            {
                File.SetUnixFileMode(folder, OwnerOnlyFolder);
            }

            return folder;
        }
    }

    public static FileStream CreateDeleteOnClose(string prefix)
    {
        var options = new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            BufferSize = 81920,
            Options = FileOptions.DeleteOnClose | FileOptions.Asynchronous,
        };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnlyFile;
        }

        return new FileStream(Path.Combine(Folder, $"{prefix}-{Guid.NewGuid():N}.tmp"), options);
    }
}
