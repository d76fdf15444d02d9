using FluentValidation;

namespace BreachConsole.Core.Vault;

public enum KeyProvider
{
    Local,
    AwsKms,
}

/// <summary>Section <c>Keys</c>: where the key-encryption key lives.</summary>
public sealed class KeysOptions
{
    public const string Section = "Keys";

    public KeyProvider Provider { get; set; } = KeyProvider.Local;
    /// <summary>
    /// The local key ring. Empty: <see cref="DefaultLocalKeyRingPath"/>, in the user's configuration folder and never in
    /// the data folder, so a copied <c>data/</c> folder (database, backups) holds only wrapped keys it cannot open.
    /// </summary>
    public string LocalKeyRingPath { get; set; } = "";

    /// <summary><c>~/.config/BreachConsole/keyring.json</c> on Linux (the ApplicationData folder elsewhere).</summary>
    public static string DefaultLocalKeyRingPath => Path.Combine(
        Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData, Environment.SpecialFolderOption.DoNotVerify), "BreachConsole", "keyring.json");
    public string? AwsKmsKeyId { get; set; }
    public string? AwsRegion { get; set; }
    public Uri? AwsServiceUrl { get; set; }
}

public sealed class KeysOptionsValidator : AbstractValidator<KeysOptions>
{
    public KeysOptionsValidator()
    {
        RuleFor(x => x.Provider).IsInEnum();
        RuleFor(x => x.AwsKmsKeyId).NotEmpty().When(x => x.Provider == KeyProvider.AwsKms).WithMessage("is required when Keys:Provider is AwsKms.");
        RuleFor(x => x.AwsRegion).NotEmpty().When(x => x.Provider == KeyProvider.AwsKms && x.AwsServiceUrl is null)
            .WithMessage("is required when Keys:Provider is AwsKms.");
    }
}
