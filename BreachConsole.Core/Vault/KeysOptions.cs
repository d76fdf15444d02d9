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
    public string LocalKeyRingPath { get; set; } = "data/keyring.json";
    public string? AwsKmsKeyId { get; set; }
    public string? AwsRegion { get; set; }
    public Uri? AwsServiceUrl { get; set; }
}

public sealed class KeysOptionsValidator : AbstractValidator<KeysOptions>
{
    public KeysOptionsValidator()
    {
        RuleFor(x => x.Provider).IsInEnum();
        RuleFor(x => x.LocalKeyRingPath).NotEmpty().When(x => x.Provider == KeyProvider.Local);
        RuleFor(x => x.AwsKmsKeyId).NotEmpty().When(x => x.Provider == KeyProvider.AwsKms).WithMessage("is required when Keys:Provider is AwsKms.");
        RuleFor(x => x.AwsRegion).NotEmpty().When(x => x.Provider == KeyProvider.AwsKms && x.AwsServiceUrl is null)
            .WithMessage("is required when Keys:Provider is AwsKms.");
    }
}
